"""Web pages of accounts: login and logout, password reset and change, profile.
Every page that checks a password or sends a reset email is throttled like the
token endpoint."""

import copy
import logging
from functools import partial, wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.views.generic import FormView

from accounts.forms import PasswordChangeForm, ProfileForm, SetPasswordForm
from accounts.models import User
from accounts.services import password_reset_request, user_profile_update
from accounts.throttling import AuthScope, ClientAddressThrottle, client_address

logger = logging.getLogger(__name__)


def throttled_response(request):
    """Count one attempt of this client at the `auth` rate (AUTH_THROTTLE_RATE):
    None while it is within the rate, else a 429 page with Retry-After.

    The same counter as the API's token and register endpoints, so a password
    guesser gets no more tries by switching between the pages and the API.
    """
    throttle = ClientAddressThrottle()
    if throttle.allow_request(request, AuthScope):  # type: ignore[arg-type]  # DRF reads only throttle_scope off the view
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


def after_response(response, task):
    """Run `task()` once `response` has been sent, and return the response.

    The server calls a response's close() after writing its last byte (WSGI:
    gunicorn, runserver, live_server; Django's ASGI handler likewise), and
    close() runs the response's resource closers, Django's hook for files to
    close. So the client has its answer before the task starts, and however
    long the task takes, or whatever it finds, it cannot change the answer nor
    its timing. A failure is logged: the answer is long gone.
    """

    def run():
        try:
            task()
        except Exception:
            logger.exception("A task after the response failed")

    response._resource_closers.append(run)
    return response


def password_reset_after(request, response, email: str):
    """`response`, with the reset email for `email` sent after it.

    No account discovery: before the response, a known and an unknown address
    cost exactly the same (the form's check and the throttles); looking up the
    user and sending happen after it, in password_reset_request. Not
    transaction.on_commit, which runs before the response is sent; not a
    thread, which would race the test's reading of the outbox and a worker's
    shutdown.
    """
    task = partial(
        password_reset_request,
        email=email,
        site_url=request.build_absolute_uri("/").rstrip("/"),
        client_address=client_address(request),
    )
    return after_response(response, task)


class LoginView(PostThrottleMixin, auth_views.LoginView):
    def get_default_redirect_url(self):
        # Without ?next=: instructors to their courses, students to theirs.
        user = self.request.user  # logged in by now
        if isinstance(user, User) and user.is_instructor:
            return reverse(settings.INSTRUCTOR_LOGIN_REDIRECT_URL)
        return super().get_default_redirect_url()


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You have been logged out.")
        return response


class PasswordResetView(PostThrottleMixin, auth_views.PasswordResetView):
    def form_valid(self, form):
        response = HttpResponseRedirect(self.get_success_url())
        return password_reset_after(self.request, response, form.cleaned_data["email"])


class PasswordResetConfirmView(PostThrottleMixin, auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm


class PasswordChangeView(PostThrottleMixin, auth_views.PasswordChangeView):
    form_class = PasswordChangeForm


class ProfileView(LoginRequiredMixin, FormView):
    template_name = "accounts/profile.html"
    form_class = ProfileForm
    success_url = reverse_lazy("profile")

    def get_form_kwargs(self):
        # A copy: a refused address must not show as the user's elsewhere on
        # the page (the form's validation writes it onto the instance).
        user = copy.copy(self.request.user)
        return {**super().get_form_kwargs(), "instance": user}

    def form_valid(self, form):
        try:
            user_profile_update(user=form.instance, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, "Your profile was saved.")
        return super().form_valid(form)
