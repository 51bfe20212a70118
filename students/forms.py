from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError

from accounts.models import User
from courses.models import Course
from educa.forms import IdChoiceField
from educa.parsing import parse_id


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


QUESTION_FIELD = "question-"  # courses/content/quiz.html names each question's field so


def quiz_answers_from(data) -> dict[str, list[int]]:
    """The answers a quiz form posted ({question id: [choice id, ...]}, as
    attempt_submit takes them), else ValidationError: a value that is not an
    id, or nothing chosen at all. Whether the ids are the quiz's is the
    service's to say."""
    answers: dict[str, list[int]] = {}
    for name in data:
        if not name.startswith(QUESTION_FIELD):
            continue
        choices = [parse_id(value) for value in data.getlist(name)]
        if None in choices:
            raise ValidationError("Those answers are not choices of this quiz.")
        answers[name.removeprefix(QUESTION_FIELD)] = choices  # type: ignore[assignment]  # no None left
    if not any(answers.values()):
        raise ValidationError("Choose at least one answer before submitting.")
    return answers
