from typing import cast

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.http import urlsafe_base64_decode
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


class PasswordResetSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField(read_only=True)


def _password_errors(password: str, user: User) -> list[str]:
    try:
        validate_password(password, user=user)
    except DjangoValidationError as error:
        return list(error.messages)
    return []


class PasswordResetConfirmSerializer(serializers.Serializer):
    """A reset link's uid and token with the new password; `user` once valid."""

    uid = serializers.CharField()
    token = serializers.CharField()
    new_password = serializers.CharField(
        trim_whitespace=False, style={"input_type": "password"}
    )

    def validate(self, attrs):
        user = _reset_link_user(attrs["uid"], attrs["token"])
        if user is None:
            raise serializers.ValidationError(
                {"token": ["This link is invalid, used or expired."]}
            )
        if errors := _password_errors(attrs["new_password"], user):
            raise serializers.ValidationError({"new_password": errors})
        return {**attrs, "user": user}


def _reset_link_user(uid: str, token: str) -> User | None:
    """The active user whose reset link this is, if the token is still good."""
    try:
        pk = urlsafe_base64_decode(uid).decode()
        user = User.objects.get(pk=pk, is_active=True)
    # As Django's PasswordResetConfirmView.get_user: what a forged uid can raise.
    except (ValueError, OverflowError, DjangoValidationError, User.DoesNotExist):
        return None
    return user if default_token_generator.check_token(user, token) else None


class PasswordChangeSerializer(serializers.Serializer):
    """The caller's current password and the new one (context: `user`)."""

    old_password = serializers.CharField(
        trim_whitespace=False, style={"input_type": "password"}
    )
    new_password = serializers.CharField(
        trim_whitespace=False, style={"input_type": "password"}
    )

    def validate_old_password(self, value):
        if not self.context["user"].check_password(value):
            raise serializers.ValidationError("Your old password was entered wrongly.")
        return value

    def validate_new_password(self, value):
        if errors := _password_errors(value, self.context["user"]):
            raise serializers.ValidationError(errors)
        return value
