from collections.abc import Sequence

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.views import (
    TokenObtainPairView,
    TokenRefreshView,
    TokenVerifyView,
)

from accounts.api.serializers import (
    DetailSerializer,
    LogoutSerializer,
    PasswordChangeSerializer,
    PasswordResetConfirmSerializer,
    PasswordResetSerializer,
    RegisterSerializer,
    RotatingRefreshSerializer,
    StrictVerifySerializer,
    UserSerializer,
)
from accounts.services import user_password_set
from accounts.throttling import ClientAddressThrottle
from accounts.views import password_reset_after


class AuthThrottleMixin:
    """Throttles by client IP with the `auth` rate (AUTH_THROTTLE_RATE)."""

    throttle_classes: Sequence[type[BaseThrottle]] = [ScopedRateThrottle]
    throttle_scope = "auth"


class RegisterView(AuthThrottleMixin, generics.CreateAPIView):
    serializer_class = RegisterSerializer
    permission_classes = [AllowAny]
    authentication_classes = []


class TokenObtainView(AuthThrottleMixin, TokenObtainPairView):
    pass


class TokenRefreshRotatingView(TokenRefreshView):
    serializer_class = RotatingRefreshSerializer


class TokenVerifyStrictView(TokenVerifyView):
    serializer_class = StrictVerifySerializer


class LogoutView(APIView):
    """Blacklists the caller's refresh token; access tokens expire on their own."""

    @extend_schema(
        request=LogoutSerializer,
        responses={205: OpenApiResponse(description="Logged out")},
    )
    def post(self, request):
        serializer = LogoutSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            token = RefreshToken(serializer.validated_data["refresh"])
        except TokenError as exc:
            raise serializers.ValidationError({"refresh": [str(exc)]}) from exc
        if str(token.get(jwt_settings.USER_ID_CLAIM)) != str(request.user.pk):
            raise serializers.ValidationError(
                {"refresh": ["This token does not belong to you."]}
            )
        token.blacklist()
        return Response(status=status.HTTP_205_RESET_CONTENT)


class MeView(generics.RetrieveUpdateAPIView):
    serializer_class = UserSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return self.request.user


class PasswordThrottleMixin:
    """The `auth` counter of the client's address, the web's password pages'
    own: logged in or not, switching between the pages and the API gains
    nothing."""

    throttle_classes: Sequence[type[BaseThrottle]] = [ClientAddressThrottle]
    throttle_scope = "auth"


RESET_SENT = (
    "If an account uses this address, a link to choose a new password is on its way."
)


class PasswordResetView(PasswordThrottleMixin, APIView):
    """Emails a reset link, as the web form does; the same 202 whether or not
    an account uses the address (the email goes out after the response)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=PasswordResetSerializer, responses={202: DetailSerializer})
    def post(self, request):
        serializer = PasswordResetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        response = Response({"detail": RESET_SENT}, status=status.HTTP_202_ACCEPTED)
        return password_reset_after(
            request, response, serializer.validated_data["email"]
        )


class PasswordResetConfirmView(PasswordThrottleMixin, APIView):
    """Sets the new password of a reset link's user; the link then stops working
    and every refresh token of the user is revoked."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        request=PasswordResetConfirmSerializer,
        responses={204: OpenApiResponse(description="Password set")},
    )
    def post(self, request):
        serializer = PasswordResetConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user_password_set(user=data["user"], password=data["new_password"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordChangeView(PasswordThrottleMixin, APIView):
    """Changes the caller's password; every refresh token of theirs is revoked."""

    @extend_schema(
        request=PasswordChangeSerializer,
        responses={204: OpenApiResponse(description="Password changed")},
    )
    def post(self, request):
        serializer = PasswordChangeSerializer(
            data=request.data, context={"user": request.user}
        )
        serializer.is_valid(raise_exception=True)
        user_password_set(
            user=request.user, password=serializer.validated_data["new_password"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
