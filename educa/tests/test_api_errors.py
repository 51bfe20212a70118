import pytest
from django.core.exceptions import ValidationError

from educa.api.exceptions import exception_handler


@pytest.mark.parametrize(
    ("error", "body"),
    [
        (ValidationError({"email": ["Taken."]}), {"email": ["Taken."]}),
        (ValidationError("Clash."), {"non_field_errors": ["Clash."]}),
        (
            ValidationError({"__all__": ["Clash."], "title": ["Blank."]}),
            {"non_field_errors": ["Clash."], "title": ["Blank."]},
        ),
    ],
)
def test_django_validation_errors_become_400s_in_drf_shape(error, body):
    response = exception_handler(error, context={})

    assert response.status_code == 400
    assert response.data == body
