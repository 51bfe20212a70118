"""The error answers of every operation, added to the OpenAPI schema.

drf-spectacular documents what a view returns when all goes well; the errors
come from DRF's machinery around the view (authentication, permissions, throttles,
pagination, validation), so this hook reads that machinery off each view.
"""

import re

from rest_framework import permissions
from rest_framework_simplejwt.views import TokenViewBase

ERROR_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERRORS = {
    "type": "object",
    "description": 'Field errors (`{"<field>": ["<message>", ...]}`, '
    'with `non_field_errors` for the whole input) or `{"detail": "<message>"}`.',
    "additionalProperties": True,
}
ERRORS = {
    400: ("Invalid input.", "ValidationErrors"),
    401: ("Not authenticated, or a bad token or credentials.", "ErrorDetail"),
    403: ("Not allowed.", "ErrorDetail"),
    404: ("Not found (also an invalid page of a list).", "ErrorDetail"),
    429: ("Throttled: see the Retry-After header.", "ErrorDetail"),
}
# Permissions that never refuse a logged-in caller's safe request.
OPEN_TO_READERS = (
    permissions.AllowAny,
    permissions.IsAuthenticated,
    permissions.IsAuthenticatedOrReadOnly,
    permissions.DjangoModelPermissionsOrAnonReadOnly,
)


def add_error_responses(result, generator, request, public):
    """POSTPROCESSING_HOOKS entry: document 400/401/403/404/429 where they occur."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorDetail", ERROR_DETAIL)
    components.setdefault("ValidationErrors", VALIDATION_ERRORS)
    # The schema renames path parameters ({pk} is {id} there): match by shape.
    paths = {_shape(path): item for path, item in result["paths"].items()}
    for path, _regex, method, callback in generator.endpoints:
        operation = paths.get(_shape(path), {}).get(method.lower())
        if operation is None:
            continue
        view = _view(callback, method)
        if _anonymous_may_call(view, method):
            security = operation.setdefault("security", [])
            if {} not in security:
                security.append({})  # drf-spectacular misses *OrAnonReadOnly
        responses = operation.setdefault("responses", {})
        for status in error_statuses(view, path, method, operation):
            description, component = ERRORS[status]
            responses.setdefault(
                str(status),
                {
                    "description": description,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": f"#/components/schemas/{component}"}
                        }
                    },
                },
            )
    return result


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def _anonymous_may_call(view, method: str) -> bool:
    readers = (
        permissions.AllowAny,
        permissions.IsAuthenticatedOrReadOnly,
        permissions.DjangoModelPermissionsOrAnonReadOnly,
    )
    return method.upper() in permissions.SAFE_METHODS and all(
        isinstance(p, readers) for p in view.get_permissions()
    )


def _view(callback, method):
    view = callback.cls(**getattr(callback, "initkwargs", {}))
    actions = getattr(callback, "actions", None)
    if actions:
        view.action = actions.get(method.lower())
    return view


def error_statuses(view, path: str, method: str, operation: dict) -> set[int]:
    """The error statuses `view` can answer `method` on `path` with."""
    safe = method.upper() in permissions.SAFE_METHODS
    statuses = set()
    parameters = {
        p["name"] for p in operation.get("parameters", []) if p["in"] == "query"
    }
    if "requestBody" in operation or parameters - {"page", "page_size"}:
        statuses.add(400)
    if view.authentication_classes or isinstance(view, TokenViewBase):
        statuses.add(401)  # a bad bearer token is refused even on public reads
    permission_classes = view.get_permissions()
    if (not safe and view.authentication_classes) or not all(
        isinstance(p, OPEN_TO_READERS) for p in permission_classes
    ):
        statuses.add(403)  # permissions, or CSRF under session authentication
    if "{" in path or "page" in parameters:
        statuses.add(404)
    if view.get_throttles():
        statuses.add(429)
    return statuses
