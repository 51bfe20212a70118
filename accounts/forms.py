from django import forms
from django.contrib.auth import forms as auth_forms

from accounts.models import User
from accounts.services import user_password_set


class SetPasswordForm(auth_forms.SetPasswordForm):
    """Django's form (a reset link's new password), saving through the service
    that also revokes the user's refresh tokens."""

    def save(self, commit=True):
        return user_password_set(
            user=self.user, password=self.cleaned_data["new_password1"]
        )


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form (old password, then the new one twice), saving as above."""

    def save(self, commit=True):
        return user_password_set(
            user=self.user, password=self.cleaned_data["new_password1"]
        )


class ProfileForm(forms.ModelForm):
    """The fields a user edits on their profile page; saved by the view through
    user_profile_update (its checks are the model's: unique email in any case)."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email"]
