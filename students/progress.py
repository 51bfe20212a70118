from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Subquery

from accounts.backends import with_permission_names
from courses.managers import count_of
from courses.models import Content, Course
from educa.db import PreparedQuery, joined
from students.models import Completion, CourseCompletion


def with_progress(courses, *, student):
    """`courses` annotated with `content_total` and `content_done` by `student`,
    and `completed`: when they completed the course, else None."""
    return courses.annotate(
        content_total=count_of(Content.objects.filter(module__course=OuterRef("pk"))),
        content_done=count_of(_done(student, course=OuterRef("pk"))),
        completed=_completed(student, course=OuterRef("pk")),
    )


def with_done_ids(courses, *, student):
    """`courses` annotated `done_ids`: the ids of the contents `student` has done
    in each, comma-joined (educa.db.split_joined reads them)."""
    return courses.annotate(
        done_ids=joined(_done(student, course=OuterRef("pk")), "content_id")
    )


def _done(student, *, course):
    """The student's marks in `course` (an id, or an OuterRef to one)."""
    return Completion.objects.filter(student=student, content__module__course=course)


def _completed(student, *, course) -> Subquery:
    """When the student completed `course` (an id, or an OuterRef to one), else
    None: a subquery of the outer query, not a query of its own."""
    completions = CourseCompletion.objects.filter(student=student, course=course)
    return Subquery(completions.values("completed"))


def _open_course_with_done_ids(*, user_id: int, course_id: int):
    student = get_user_model()(pk=user_id)
    courses = Course.objects.open_to(student).filter(pk=course_id)
    courses = courses.annotate(completed=_completed(student, course=OuterRef("pk")))
    return with_done_ids(courses, student=student).only(
        "title", "slug", "revision", "owner"
    )


# The student module page's one query: access, the course's key, its owner (who
# sees a preview), the marks and when the course was completed.
OPEN_COURSE_WITH_DONE_IDS = PreparedQuery(
    _open_course_with_done_ids, user_id=int, course_id=int
)


def _student_with_course(*, user_id: int, course_id: int):
    student = get_user_model()(pk=user_id)
    course = Course.objects.open_to(student).filter(pk=course_id)
    return with_permission_names(user_id).annotate(
        course_revision=Subquery(course.values("revision")),
        course_title=Subquery(course.values("title")),
        course_slug=Subquery(course.values("slug")),
        course_owner_id=Subquery(course.values("owner_id")),
        done_ids=joined(_done(student, course=course_id), "content_id"),
        course_completed=_completed(student, course=course_id),
    )


# The same, read along with the user in the query that loads them
# (accounts.backends.user_loaded_with): one round trip for both.
STUDENT_WITH_COURSE = PreparedQuery(_student_with_course, user_id=int, course_id=int)
