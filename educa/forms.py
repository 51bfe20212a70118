"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError

from educa.parsing import parse_id


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose ids are ASCII digits only (educa.parsing): Django's
    reads `١` or `１` as 1 and would pick that row."""

    def to_python(self, value):
        if value not in self.empty_values and parse_id(value) is None:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)
