from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt import authentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.utils import get_md5_hash_password

from accounts.backends import user_with_permissions


class JWTAuthentication(authentication.JWTAuthentication):
    """simplejwt's bearer authentication, loading the user (and their
    permissions) with the site's prepared query: simplejwt's own lookup cost
    the ORM four times what the database took. Its checks are kept as they are:
    an unknown or inactive user, or a token from before a password change, is
    refused."""

    def get_user(self, validated_token):
        if api_settings.USER_ID_FIELD not in ("id", "pk"):
            return super().get_user(validated_token)
        try:
            user_id = int(validated_token[api_settings.USER_ID_CLAIM])
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidToken(
                "Token contained no recognizable user identification"
            ) from error
        user = user_with_permissions(user_id)
        if user is None:
            raise AuthenticationFailed("User not found", code="user_not_found")
        if api_settings.CHECK_USER_IS_ACTIVE and not user.is_active:
            raise AuthenticationFailed("User is inactive", code="user_inactive")
        revoke = validated_token.get(api_settings.REVOKE_TOKEN_CLAIM)
        if api_settings.CHECK_REVOKE_TOKEN and revoke != get_md5_hash_password(
            user.password
        ):
            raise AuthenticationFailed(
                "The user's password has been changed.", code="password_changed"
            )
        return user


class JWTScheme(SimpleJWTScheme):
    """The schema's bearer scheme for this class (drf-spectacular knows only
    simplejwt's own); defined here so that it is registered with the class."""

    target_class = "accounts.api.authentication.JWTAuthentication"
