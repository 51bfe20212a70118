from django.conf import settings
from django.db import models


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
