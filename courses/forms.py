from typing import cast

from django import forms
from django.db import models
from django.forms import BaseInlineFormSet, inlineformset_factory, modelform_factory
from django.http import Http404

from courses.models import (
    CONTENT_KINDS,
    Course,
    File,
    Image,
    Module,
    Quiz,
    Text,
    Video,
)
from courses.quiz_text import quiz_text_of, quiz_text_parse
from courses.search import SEARCH_MAX_LENGTH
from courses.services import quiz_questions_replace
from courses.validators import validate_image_pixels
from educa.forms import IdChoiceField

ModuleFormSet: type[BaseInlineFormSet] = inlineformset_factory(
    Course,
    Module,
    fields=["title", "description"],
    widgets={"description": forms.Textarea(attrs={"rows": 3})},
    extra=2,
    can_delete=True,
    # A blank new form has nothing to delete: no Delete box on it.
    can_delete_extra=False,
)

ITEM_MODELS = {
    "text": Text,
    "file": File,
    "image": Image,
    "video": Video,
    "quiz": Quiz,
}
assert set(ITEM_MODELS) == set(CONTENT_KINDS)
# The kind with its article, for headings: "Add an image".
ITEM_NAMES = {
    "text": "a text",
    "file": "a file",
    "image": "an image",
    "video": "a video",
    "quiz": "a quiz",
}
assert set(ITEM_NAMES) == set(CONTENT_KINDS)
ITEM_HELP = {
    "text": {
        "content": "Plain text: line breaks are kept as you type them; HTML is "
        "shown as written, not applied."
    },
}
ITEM_FIELDS = {
    "text": ["title", "content"],
    "file": ["title", "file"],
    "image": ["title", "file"],
    "video": ["title", "url"],
    "quiz": ["title", "pass_mark", "max_attempts"],
}


class CourseSearchForm(forms.Form):
    """The catalogue's search box, `?q=`: stripped; blank is no search. Over
    SEARCH_MAX_LENGTH characters (once stripped) or with a NUL byte (which
    PostgreSQL refuses in text), the query is invalid: a 400."""

    q = forms.CharField(required=False, max_length=SEARCH_MAX_LENGTH, strip=True)


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["subject", "title", "slug", "overview"]
        field_classes = {"subject": IdChoiceField}


class PixelCappedImageField(forms.ImageField):
    """An image field that refuses too many pixels before Pillow opens the image
    for its own checks (which refuse huge ones only as "not a valid image")."""

    def to_python(self, data):
        validate_image_pixels(data)
        return super().to_python(data)


def item_model(kind: str):
    """The item model of a content kind; 404 for any other name."""
    try:
        return ITEM_MODELS[kind]
    except KeyError:
        raise Http404(f"No content kind “{kind}”.") from None


class ItemForm(forms.ModelForm):
    def save_parts(self, item) -> None:
        """Save what the item holds besides its fields, once it is saved."""


QUESTIONS_HELP = (
    "One block per question, a blank line between blocks. The first line is the "
    "question; each next line a choice: “* ” before a right one, “- ” before a "
    "wrong one. Several right choices make a question answered with checkboxes."
)


class QuizForm(ItemForm):
    """A quiz's fields and its questions as text (courses.quiz_text)."""

    questions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=QUESTIONS_HELP,
        strip=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["questions"].initial = quiz_text_of(self.instance)

    def clean_questions(self):
        # Errors name each question's number; nothing is saved on one.
        self.parsed_questions = quiz_text_parse(self.cleaned_data["questions"])
        return self.cleaned_data["questions"]

    def save_parts(self, item) -> None:
        quiz_questions_replace(quiz=item, text=self.cleaned_data["questions"])


def item_form_class(kind: str) -> type[ItemForm]:
    """A model form for the kind; the owner is never a form field."""
    form_class = modelform_factory(
        item_model(kind),
        form=QuizForm if kind == "quiz" else ItemForm,
        fields=ITEM_FIELDS[kind],
        help_texts=ITEM_HELP.get(kind),
        formfield_callback=_formfield,
    )
    return cast(type[ItemForm], form_class)  # the factory types its base only


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"  # Django 6's default, without the warning
    if isinstance(field, models.ImageField):
        kwargs["form_class"] = PixelCappedImageField
    return field.formfield(**kwargs)
