"""Web pages of accounts: the login page, throttled like the token endpoint."""

from django.contrib.auth import views as auth_views
from django.shortcuts import render
from rest_framework.throttling import ScopedRateThrottle


class PostThrottleMixin:
    """POSTs limited per client to the `auth` rate (AUTH_THROTTLE_RATE); 429 beyond.

    The same counter as the API's token and register endpoints, so a password
    guesser gets no more tries by switching between the page and the API.
    """

    throttle_scope = "auth"

    def post(self, request, *args, **kwargs):
        throttle = ScopedRateThrottle()
        if not throttle.allow_request(request, self):
            response = render(request, "429.html", status=429)
            response["Retry-After"] = str(max(1, round(throttle.wait() or 1)))
            return response
        return super().post(request, *args, **kwargs)


class LoginView(PostThrottleMixin, auth_views.LoginView):
    pass
