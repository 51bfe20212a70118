from rest_framework.permissions import SAFE_METHODS, BasePermission


class CanDiscussCourse(BasePermission):
    """The course's students and its owner (CourseQuerySet.open_to).

    Reads `is_open`, annotated on the course, post or comment by the query that
    found it (`with_is_open_to`), so decided by the database on every request.
    """

    message = "Only the course's students and its owner take part in its discussion."

    def has_object_permission(self, request, view, obj):
        return obj.is_open


class IsAuthorOrModerator(BasePermission):
    """Edits: the author only. Deletions: the author or the course's owner
    (`course_owner_id`, annotated by the query that found the object)."""

    message = (
        "Only the author can edit this, and the author or the course's owner delete it."
    )

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS or view.action not in (
            "partial_update",
            "destroy",
        ):
            return True
        if obj.author_id == request.user.pk:
            return True
        return request.method == "DELETE" and obj.course_owner_id == request.user.pk
