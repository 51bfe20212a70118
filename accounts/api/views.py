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
    LogoutSerializer,
    RegisterSerializer,
    RotatingRefreshSerializer,
    StrictVerifySerializer,
    UserSerializer,
)


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
