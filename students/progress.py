from django.db.models import OuterRef

from courses.managers import count_of
from courses.models import Content
from students.models import Completion


def with_progress(courses, *, student):
    """`courses` annotated with `content_total` and `content_done` by `student`."""
    return courses.annotate(
        content_total=count_of(Content.objects.filter(module__course=OuterRef("pk"))),
        content_done=count_of(
            Completion.objects.filter(
                student=student, content__module__course=OuterRef("pk")
            )
        ),
    )
