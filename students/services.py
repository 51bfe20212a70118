from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Max, OuterRef, QuerySet, Subquery

from courses.managers import count_of
from courses.models import Content, Course
from students.models import Completion, CourseCompletion


def student_lock(student) -> None:
    """Lock the student's row until the transaction ends: one student's
    submits and marks run one at a time. NO KEY: other writes of rows pointing
    at the user (posts, chat messages) need not wait."""
    list(
        get_user_model()
        .objects.select_for_update(no_key=True)
        .filter(pk=student.pk)
        .values_list("pk")
    )


@transaction.atomic
def completion_set(*, student, content: Content, done: bool) -> None:
    """Mark a content done or not done for the student; idempotent either way.

    Marking the last content of the course not yet done records the course's
    completion (course_completions_record). Marking one not done afterwards keeps
    it: the certificate was earned."""
    if not done:
        Completion.objects.filter(student=student, content=content).delete()
        return
    # The student's marks one at a time, so that of two last marks made at once
    # the second counts the first's (else neither sees the course complete).
    student_lock(student)
    completion_add_locked(student=student, content=content)


def completion_add_locked(*, student, content: Content) -> None:
    """completion_set(done=True) for a caller that holds student_lock(student)
    in its transaction already (a quiz's passing attempt)."""
    Completion.objects.bulk_create(
        [Completion(student=student, content=content)], ignore_conflicts=True
    )
    course_completions_record(
        student=student, courses=Course.objects.filter(modules__contents=content)
    )


def course_completions_record(
    *, student, courses: QuerySet[Course]
) -> dict[int, datetime]:
    """Record that the student completed each of `courses` whose contents (at
    least one) they have all done, unless it is recorded already; dated by
    their latest mark in the course. Idempotent, and safe beside a concurrent
    call (one row each). Returns the dates recorded, by course id. One query,
    and one more when there is one to record."""
    marks = Completion.objects.filter(
        student=student, content__module__course=OuterRef("pk")
    )
    latest = (
        marks.order_by()
        .values("content__module__course")
        .annotate(latest=Max("created"))
        .values("latest")
    )
    completed = (
        courses.annotate(
            total=count_of(Content.objects.filter(module__course=OuterRef("pk"))),
            done=count_of(marks),
            latest=Subquery(latest),
        )
        .exclude(completions__student=student)
        .filter(total__gt=0, done=F("total"))
        .values_list("pk", "latest")
    )
    due = dict(completed)
    if due:
        # A conflict: recorded meanwhile by a concurrent call, whose row stays.
        CourseCompletion.objects.bulk_create(
            [
                CourseCompletion(student=student, course_id=pk, completed=latest)
                for pk, latest in due.items()
            ],
            ignore_conflicts=True,
        )
    return due
