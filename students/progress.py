from django.contrib.auth import get_user_model
from django.db.models import OuterRef

from courses.managers import count_of
from courses.models import Content, Course
from educa.db import PreparedQuery, joined
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


def _open_course_with_done_ids(*, user_id: int, course_id: int):
    student = get_user_model()(pk=user_id)
    courses = Course.objects.open_to(student).filter(pk=course_id)
    return with_done_ids(courses, student=student).only("title", "slug", "revision")


# The student module page's one query: access, the course's key and the marks.
OPEN_COURSE_WITH_DONE_IDS = PreparedQuery(
    _open_course_with_done_ids, user_id=int, course_id=int
)
