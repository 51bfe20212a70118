import logging

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework_simplejwt.token_blacklist.models import (
    BlacklistedToken,
    OutstandingToken,
)

from accounts.models import EMAIL_TAKEN, User
from accounts.throttling import reset_email_quota_take

logger = logging.getLogger(__name__)


def user_register(*, username: str, email: str, password: str) -> User:
    """Create a user after the model's checks and Django's password validators.

    Raises ValidationError keyed by field; a concurrent duplicate that slips past
    the checks is caught by the database constraint and reported the same way.
    """
    user = User(username=username, email=User.objects.normalize_email(email))
    errors = {}
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationError(
            "A user with that username or email address already exists."
        ) from exc
    return user


def user_tokens_revoke(*, user: User) -> int:
    """Blacklist every refresh token of this user still outstanding; returns how
    many. Their access tokens die with the password (CHECK_REVOKE_TOKEN) or
    within ACCESS_TOKEN_LIFETIME."""
    outstanding = OutstandingToken.objects.filter(
        user=user, blacklistedtoken__isnull=True
    )
    rows = [BlacklistedToken(token=token) for token in outstanding]
    # ignore_conflicts: a concurrent refresh may blacklist one of them first.
    BlacklistedToken.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def user_password_set(*, user: User, password: str) -> User:
    """Give the user a new password (already validated) and revoke every refresh
    token they hold. Sessions elsewhere end on their own: each carries a hash of
    the old password. Reset links sent before stop working for the same reason."""
    user.set_password(password)
    user.save(update_fields=["password"])
    user_tokens_revoke(user=user)
    return user


def user_profile_update(
    *, user: User, first_name: str, last_name: str, email: str
) -> User:
    """Save the user's names and email address. Raises ValidationError keyed by
    field: an address another user has, in any letter case, is refused, also
    when a concurrent request takes it between the check and the save."""
    user.first_name = first_name
    user.last_name = last_name
    user.email = User.objects.normalize_email(email)
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            user.save(update_fields=["first_name", "last_name", "email"])
    except IntegrityError as exc:
        raise ValidationError({"email": [EMAIL_TAKEN]}) from exc
    return user


def password_reset_request(*, email: str, site_url: str, client_address: str) -> int:
    """Email a reset link to each active user with this address (any letter
    case); returns how many emails went out.

    Nothing is sent once the address has had PASSWORD_RESET_EMAIL_RATE of them.
    `site_url` (scheme and host) starts the link; `client_address` tells the
    reader who asked. Callers answer the same whatever this finds, and call it
    after the response is sent (see accounts.views.after_response).
    """
    if not reset_email_quota_take(email):
        logger.info("Password reset: quota reached for an address, nothing sent")
        return 0
    users = User.objects.filter(email__iexact=email.strip(), is_active=True)
    for user in users:
        _password_reset_email_send(
            user, site_url=site_url, client_address=client_address
        )
    return len(users)


def _password_reset_email_send(
    user: User, *, site_url: str, client_address: str
) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    context = {
        "user": user,
        "reset_url": site_url + reverse("password_reset_confirm", args=[uid, token]),
        "site_url": site_url,
        "client_address": client_address,
        "requested_at": timezone.now(),
        "valid_for": _duration(settings.PASSWORD_RESET_TIMEOUT),
    }
    subject = render_to_string("registration/password_reset_subject.txt", context)
    message = EmailMultiAlternatives(
        # A header is one line, whatever the template's ending.
        subject=" ".join(subject.split()),
        body=render_to_string("registration/password_reset_email.txt", context),
        to=[user.email],
    )
    message.attach_alternative(
        render_to_string("registration/password_reset_email.html", context),
        "text/html",
    )
    message.send()


def _duration(seconds: int) -> str:
    """`1 day`, `3 hours`, `30 minutes`: the largest unit that divides exactly."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{pluralize(count)}"
    return f"{seconds} second{pluralize(seconds)}"
