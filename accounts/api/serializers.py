from typing import cast

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from rest_framework import serializers
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.serializers import (
    TokenRefreshSerializer,
    TokenVerifySerializer,
)
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import RefreshToken, UntypedToken

from accounts.models import EMAIL_TAKEN, User
from accounts.services import user_register


class RegisterSerializer(serializers.ModelSerializer):
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )

    class Meta:
        model = User
        fields = ["id", "username", "email", "password"]

    def create(self, validated_data):
        return user_register(**validated_data)


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "email", "first_name", "last_name"]
        read_only_fields = ["id", "username"]

    def validate_email(self, value):
        if User.objects.email_taken(value, other_than=self.instance):
            raise serializers.ValidationError(EMAIL_TAKEN)
        return User.objects.normalize_email(value)

    def update(self, instance, validated_data):
        try:
            with transaction.atomic():
                return super().update(instance, validated_data)
        except IntegrityError:
            # Another request took the address between the check and the save;
            # the database constraint caught it.
            raise serializers.ValidationError({"email": [EMAIL_TAKEN]}) from None


def _token_user(token) -> AbstractBaseUser:
    """The token's user, or 401 if deleted, inactive or their password changed."""
    return JWTAuthentication().get_user(token)


class RotatingRefreshSerializer(TokenRefreshSerializer):
    """Refresh with rotation, for live users only, safe against concurrent reuse.

    simplejwt's own serializer answers 500 for a deleted user and lets two
    concurrent requests both rotate the same token; here the blacklist row is
    the lock, so exactly one of them wins.
    """

    @transaction.atomic
    def validate(self, attrs):
        old = RefreshToken(attrs["refresh"])
        user = _token_user(old)
        # simplejwt annotates blacklist() as the row; it returns (row, created).
        _, newly_blacklisted = cast(tuple[BlacklistedToken, bool], old.blacklist())
        if not newly_blacklisted:
            raise InvalidToken("Token is blacklisted")
        new = RefreshToken.for_user(user)
        return {"access": str(new.access_token), "refresh": str(new)}


class StrictVerifySerializer(TokenVerifySerializer):
    """Verify that also rejects blacklisted tokens and tokens of gone users (401)."""

    def validate(self, attrs):
        token = UntypedToken(attrs["token"])
        jti = token.get(jwt_settings.JTI_CLAIM)
        if BlacklistedToken.objects.filter(token__jti=jti).exists():
            raise InvalidToken("Token is blacklisted")
        _token_user(token)
        return {}


class LogoutSerializer(serializers.Serializer):
    refresh = serializers.CharField(write_only=True)
