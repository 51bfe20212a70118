from rest_framework.permissions import BasePermission


class IsEnrolled(BasePermission):
    """The course's students and its owner (Course.is_open_to); others 403."""

    message = "Enrol in this course to see its contents."

    def has_object_permission(self, request, view, obj):
        return obj.is_open_to(request.user)
