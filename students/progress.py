from django.db.models import OuterRef

from courses.managers import count_of
from courses.models import Content
from educa.db import joined
from students.models import Completion


def with_progress(courses, *, student):
    """`courses` annotated with `content_total` and `content_done` by `student`."""
    return courses.annotate(
        content_total=count_of(Content.objects.filter(module__course=OuterRef("pk"))),
        content_done=count_of(_done(student)),
    )


def with_done_ids(courses, *, student):
    """`courses` annotated `done_ids`: the ids of the contents `student` has done
    in each, comma-joined (educa.db.split_joined reads them)."""
    return courses.annotate(done_ids=joined(_done(student), "content_id"))


def _done(student):
    return Completion.objects.filter(
        student=student, content__module__course=OuterRef("pk")
    )
