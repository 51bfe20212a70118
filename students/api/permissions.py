from rest_framework.permissions import BasePermission


class IsQuizStudent(BasePermission):
    """One of the students of a course showing the quiz (its owner is not).

    Reads `is_student`, annotated by the query that finds the quiz
    (students.api.views.quizzes_for), never a cache.
    """

    message = "Only the course's students can take this quiz."

    def has_object_permission(self, request, view, obj):
        return obj.is_student
