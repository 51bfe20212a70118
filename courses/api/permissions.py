from rest_framework.permissions import BasePermission


class CanStudyCourse(BasePermission):
    """The course's students and its owner (CourseQuerySet.open_to).

    Decided by the database in the query that finds the course: the view's
    queryset is annotated `is_open` (CourseQuerySet.with_is_open_to), never read
    from a cache.
    """

    message = "Enrol in this course to see its contents."

    def has_object_permission(self, request, view, obj):
        return obj.is_open
