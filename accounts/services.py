from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User


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
