from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from students.managers import CourseCompletionQuerySet


class Completion(models.Model):
    """A student's mark that they have done one content of a course."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="completions",
    )
    content = models.ForeignKey(
        "courses.Content", on_delete=models.CASCADE, related_name="completions"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["student", "content"], name="students_completion_unique"
            )
        ]

    def __str__(self):
        return f"{self.student} did content #{self.content_id}"


class QuizAttempt(models.Model):
    """One graded submission of a quiz by a student (students.quiz_attempts).

    `answers` keeps the chosen choice ids by question id ({"12": [40, 41]}), as
    submitted; the score stays as graded when the quiz's questions are replaced.
    """

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    quiz = models.ForeignKey(
        "courses.Quiz", on_delete=models.CASCADE, related_name="attempts"
    )
    score = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(100)], help_text="Percent, rounded down."
    )
    passed = models.BooleanField()
    answers = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)

    # The verdict on each question, [{"question": id, "correct": bool}], on the
    # attempt attempt_submit() returns; not a column (attempt_results() reads
    # a stored attempt's again).
    results: list[dict]

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(
                fields=["student", "quiz"], name="students_attempt_student_quiz"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__lte=100), name="students_attempt_score_0_100"
            )
        ]

    def __str__(self):
        return f"{self.student} scored {self.score} on quiz #{self.quiz_id}"


class CourseCompletion(models.Model):
    """That a student did every content of a course, and when (students.services
    course_completion_record). Kept when the course gains contents or the
    student unmarks one afterwards: the certificate, once earned, stays."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="course_completions",
    )
    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, related_name="completions"
    )
    completed = models.DateTimeField()

    objects = CourseCompletionQuerySet.as_manager()

    class Meta:
        ordering = ["-completed", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "course"], name="students_course_completion_unique"
            )
        ]

    def __str__(self):
        return f"{self.student} completed course #{self.course_id}"
