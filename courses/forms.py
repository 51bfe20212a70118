from django import forms
from django.db import models
from django.forms import BaseInlineFormSet, inlineformset_factory, modelform_factory
from django.http import Http404

from courses.models import CONTENT_KINDS, Course, File, Image, Module, Text, Video
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

ITEM_MODELS = {"text": Text, "file": File, "image": Image, "video": Video}
assert set(ITEM_MODELS) == set(CONTENT_KINDS)
# The kind with its article, for headings: "Add an image".
ITEM_NAMES = {
    "text": "a text",
    "file": "a file",
    "image": "an image",
    "video": "a video",
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
}


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


def item_form_class(kind: str) -> type[forms.ModelForm]:
    """A model form for the kind; the owner is never a form field."""
    return modelform_factory(
        item_model(kind),
        fields=ITEM_FIELDS[kind],
        help_texts=ITEM_HELP.get(kind),
        formfield_callback=_formfield,
    )


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"  # Django 6's default, without the warning
    if isinstance(field, models.ImageField):
        kwargs["form_class"] = PixelCappedImageField
    return field.formfield(**kwargs)
