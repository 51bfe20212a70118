# Included by educa/api/urls.py, so these names live in the `api` namespace.
from django.urls import path

from accounts.api import views

urlpatterns = [
    path("register/", views.RegisterView.as_view(), name="auth-register"),
    path("token/", views.TokenObtainView.as_view(), name="auth-token"),
    path(
        "token/refresh/",
        views.TokenRefreshRotatingView.as_view(),
        name="auth-token-refresh",
    ),
    path(
        "token/verify/", views.TokenVerifyStrictView.as_view(), name="auth-token-verify"
    ),
    path("logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("me/", views.MeView.as_view(), name="auth-me"),
    path(
        "password/reset/",
        views.PasswordResetView.as_view(),
        name="auth-password-reset",
    ),
    path(
        "password/reset/confirm/",
        views.PasswordResetConfirmView.as_view(),
        name="auth-password-reset-confirm",
    ),
    path(
        "password/change/",
        views.PasswordChangeView.as_view(),
        name="auth-password-change",
    ),
]
