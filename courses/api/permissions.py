from django.http import Http404
from rest_framework.permissions import BasePermission

from courses.caching import course_is_open_to


class IsEnrolled(BasePermission):
    """The course's students and its owner (CourseQuerySet.open_to); others 403,
    and a course that does not exist 404.

    Checked before the view runs, from the cached decision: a warm contents
    call then needs no query beyond the caller's.
    """

    message = "Enrol in this course to see its contents."

    def has_permission(self, request, view):
        is_open = course_is_open_to(view.kwargs["pk"], request.user)
        if is_open is None:
            raise Http404
        return is_open
