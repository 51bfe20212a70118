"""Error pages: JSON under /api/ (the contract's promise), the templates elsewhere.

DRF answers its own errors as JSON; these cover what happens before a view runs
(an unknown address, a suspicious request) or outside DRF (a crash).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

# How long a client should wait before retrying while the database is away (a
# restart takes a few seconds).
RETRY_AFTER_SECONDS = 5


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def api_not_found_middleware(get_response):
    """Under /api/, a 404 that is still a page (debug's technical 404, which
    replaces handler404 while DEBUG is on) becomes the JSON one: API clients get
    the same answer in development as in production. Outside CommonMiddleware,
    so a missing slash is still redirected first."""

    def middleware(request):
        response = get_response(request)
        if (
            response.status_code == 404
            and _is_api(request)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return page_not_found(request, None)
        return response

    return middleware


def bad_request(request, exception):
    if _is_api(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)


def page_not_found(request, exception):
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    # Django calls this while handling the exception, wherever it was raised
    # (a view, DRF, a middleware): a database that cannot be reached (restart,
    # failover) is a temporary 503 to retry, not a crash.
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return service_unavailable(request)
    if _is_api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request)


def service_unavailable(request) -> HttpResponse:
    response: HttpResponse
    if _is_api(request):
        response = JsonResponse(
            {"detail": "Temporarily unavailable, try again shortly."}, status=503
        )
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
