from django.db import transaction

from courses.models import Content
from students.models import Completion


@transaction.atomic
def completion_set(*, student, content: Content, done: bool) -> None:
    """Mark a content done or not done for the student; idempotent either way."""
    if done:
        Completion.objects.bulk_create(
            [Completion(student=student, content=content)], ignore_conflicts=True
        )
    else:
        Completion.objects.filter(student=student, content=content).delete()
