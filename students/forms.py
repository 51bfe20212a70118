from django import forms
from django.contrib.auth.forms import UserCreationForm

from accounts.models import User
from courses.models import Course
from educa.forms import IdChoiceField


class StudentRegistrationForm(UserCreationForm):
    """Username, email and a password twice, checked by Django's validators."""

    class Meta(UserCreationForm.Meta):  # type: ignore[name-defined]  # stubs omit Meta
        model = User
        fields = ["username", "email"]

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"])


class CourseEnrollForm(forms.Form):
    course = IdChoiceField(queryset=Course.objects.all(), widget=forms.HiddenInput)


class CourseUnenrollForm(forms.Form):
    """The course to leave: one of those `student` is enrolled in."""

    course = IdChoiceField(queryset=Course.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, student, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.joined_by(student)  # type: ignore[attr-defined]  # an IdChoiceField


class CompletionForm(forms.Form):
    """Whether the student has done a content: "1" marks it, "0" unmarks it."""

    done = forms.TypedChoiceField(
        choices=[("1", "done"), ("0", "not done")], coerce=lambda value: value == "1"
    )
