"""Web pages of accounts: every page that checks a password, throttled like the
token endpoint."""

from functools import wraps

from django.contrib.auth import views as auth_views
from django.shortcuts import render
from rest_framework.throttling import ScopedRateThrottle


class _AuthScope:
    # What ScopedRateThrottle reads off "the view": the scope of the counter.
    throttle_scope = "auth"


class ClientAddressThrottle(ScopedRateThrottle):
    """A scope counted per client address, logged in or not (DRF's counts a
    logged-in user by id): the anonymous login and the password change of
    someone logged in then spend the same budget."""

    def get_cache_key(self, request, view):
        return self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }


def throttled_response(request):
    """Count one attempt of this client at the `auth` rate (AUTH_THROTTLE_RATE):
    None while it is within the rate, else a 429 page with Retry-After.

    The same counter as the API's token and register endpoints, so a password
    guesser gets no more tries by switching between the pages and the API.
    """
    throttle = ClientAddressThrottle()
    if throttle.allow_request(request, _AuthScope):  # type: ignore[arg-type]  # DRF reads only throttle_scope off the view
        return None
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(max(1, round(throttle.wait() or 1)))
    return response


def throttle_posts(view):
    """Wrap a view function so its POSTs count against the `auth` rate."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and (refused := throttled_response(request)):
            return refused
        return view(request, *args, **kwargs)

    return wrapper


class PostThrottleMixin:
    """POSTs limited per client to the `auth` rate; 429 beyond (throttled_response)."""

    def post(self, request, *args, **kwargs):
        return throttled_response(request) or super().post(request, *args, **kwargs)  # type: ignore[misc]  # mixin: the view after it has post()


class LoginView(PostThrottleMixin, auth_views.LoginView):
    pass


class PasswordChangeView(PostThrottleMixin, auth_views.PasswordChangeView):
    pass
