from django.db import transaction

from courses.models import Content, Course
from students.models import Completion


def enrollment_create(*, student, course: Course) -> None:
    """Enrol the student; enrolling again changes nothing.

    The join table's unique constraint with ignore_conflicts (what add() does)
    keeps two concurrent enrolments from failing or doubling.
    """
    course.students.add(student)


@transaction.atomic
def completion_set(*, student, content: Content, done: bool) -> None:
    """Mark a content done or not done for the student; idempotent either way."""
    if done:
        Completion.objects.bulk_create(
            [Completion(student=student, content=content)], ignore_conflicts=True
        )
    else:
        Completion.objects.filter(student=student, content=content).delete()
