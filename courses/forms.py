from django import forms
from django.db import models
from django.forms import inlineformset_factory, modelform_factory
from django.http import Http404

from courses.models import CONTENT_KINDS, Course, File, Image, Module, Text, Video

ModuleFormSet = inlineformset_factory(
    Course,
    Module,
    fields=["title", "description"],
    widgets={"description": forms.Textarea(attrs={"rows": 3})},
    extra=2,
    can_delete=True,
)

ITEM_MODELS = {"text": Text, "file": File, "image": Image, "video": Video}
assert set(ITEM_MODELS) == set(CONTENT_KINDS)
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


def item_model(kind: str):
    """The item model of a content kind; 404 for any other name."""
    try:
        return ITEM_MODELS[kind]
    except KeyError:
        raise Http404(f"No content kind “{kind}”.") from None


def item_form_class(kind: str) -> type[forms.ModelForm]:
    """A model form for the kind; the owner is never a form field."""
    return modelform_factory(
        item_model(kind), fields=ITEM_FIELDS[kind], formfield_callback=_formfield
    )


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"  # Django 6's default, without the warning
    return field.formfield(**kwargs)
