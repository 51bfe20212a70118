"""The student's module page, cached whole for each student.

The page is built from the course (the catalogue and the course's namespaces in
courses.caching), from what the student has done (their own progress namespace)
and from their permissions (the menu). Its key names all four, so any change to
them shows at once; a student who leaves the course retires the catalogue, and
the next request goes through the access check again.

Only the CSRF tokens differ between two renderings for the same student: they
are stored as a placeholder and filled in on the way out.
"""

import re

from django.middleware.csrf import get_token

from accounts.backends import PERMISSIONS
from courses.caching import ACCESS_TIMEOUT, CATALOGUE, course_namespace
from educa.cache import cached_in_namespace, namespace_invalidate

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
CSRF_PLACEHOLDER = 'name="csrfmiddlewaretoken" value="<csrf-token>"'


def progress_namespace(student_id: int) -> str:
    return f"progress:{student_id}"


def progress_changed(student_id: int) -> None:
    """Retire the student's cached pages (after the commit)."""
    namespace_invalidate(progress_namespace(student_id))


def student_page(request, course_id: int, render) -> str:
    """The page at request.path for request.user: `render()` once, then cached.

    `render()` returns the HTML; it must check that the course is open to the
    user (an Http404 it raises is not cached). The entry holds an access
    decision, so it lives no longer than the cached access checks.
    """
    user = request.user
    namespaces = [
        CATALOGUE,
        course_namespace(course_id),
        progress_namespace(user.pk),
        PERMISSIONS,
    ]
    parts = (
        "student-page",
        request.path,
        str(user.pk),
        user.get_username(),
        str(user.is_staff),
        str(user.is_superuser),
    )
    html = cached_in_namespace(
        namespaces,
        parts,
        lambda: CSRF_INPUT.sub(CSRF_PLACEHOLDER, render()),
        ACCESS_TIMEOUT,
    )
    return html.replace(
        CSRF_PLACEHOLDER, f'name="csrfmiddlewaretoken" value="{get_token(request)}"'
    )
