from django.db import models


class CourseCompletionQuerySet(models.QuerySet):
    def of_student(self, user):
        """The user's completions of the courses they study now: enrolled, and
        not their own. A former student's stay recorded, and show nowhere."""
        from courses.models import Course

        studied = Course.objects.joined_by(user).exclude(owner=user)
        return self.filter(student=user, course__in=studied)
