"""The account pages under /accounts/.

No app_name: Django's auth views reverse these names without a namespace
(`password_reset_done`, `password_change_done`...), and the settings name `login`.
Ours come first; django.contrib.auth.urls (included after) serves the rest with
the templates of templates/registration/.
"""

from django.urls import include, path

from accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path(
        "password_change/", views.PasswordChangeView.as_view(), name="password_change"
    ),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("", include("django.contrib.auth.urls")),
]
