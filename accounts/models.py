from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from accounts.managers import UserManager

EMAIL_TAKEN = "A user with that email address already exists."
USERNAME_TAKEN = "A user with that username already exists."


class User(AbstractUser):
    """The platform's user: a student by default, an instructor in that group."""

    email = models.EmailField("email address")

    # ClassVar, as django-stubs declares AbstractUser.objects.
    objects: ClassVar[UserManager] = UserManager()

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]  # stubs omit Meta
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_message=EMAIL_TAKEN,
            ),
        ]

    def clean(self):
        super().clean()
        # Field-level errors for forms and the API; the constraint guards races.
        errors = {}
        if self.username and User.objects.username_taken(
            self.username, other_than=self
        ):
            errors["username"] = USERNAME_TAKEN
        if self.email and User.objects.email_taken(self.email, other_than=self):
            errors["email"] = EMAIL_TAKEN
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self) -> str:
        """The full name, or the username for someone who gave no name."""
        return self.get_full_name() or self.username

    @property
    def is_instructor(self) -> bool:
        return self.groups.filter(name="Instructors").exists()
