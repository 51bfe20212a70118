from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler, plus the services' errors: Django's ValidationError as a 400
    in DRF's shape, a model's DoesNotExist ("no such row") as a 404; and every
    error body an object (never a bare list).

    Services call `full_clean()` and raise those; they never raise Http404. DRF
    already maps Django's Http404 and PermissionDenied.
    """
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=_as_field_errors(exc))
    elif isinstance(exc, ObjectDoesNotExist):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        # A bare list of messages (DRF's filters raise those): name it.
        response.data = {api_settings.NON_FIELD_ERRORS_KEY: response.data}
    return response


def _as_field_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if not hasattr(exc, "error_dict"):  # messages of no field
        return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    return {
        api_settings.NON_FIELD_ERRORS_KEY
        if field in (None, NON_FIELD_ERRORS)
        else field: messages
        for field, messages in exc.message_dict.items()
    }
