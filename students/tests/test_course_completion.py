"""Finishing a course (issue 19): the completion recorded when the last content is
done, kept afterwards, and shown on the student's pages."""

import contextlib
import importlib
import threading
from contextlib import contextmanager
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses.tests.factories import ModuleFactory, add_content, add_quiz
from educa.tests.helpers import post_concurrently
from students import services
from students.models import Completion, CourseCompletion
from students.quiz_attempts import attempt_submit
from students.services import completion_set, course_completions_record
from students.tests.test_queries import joined_course

MY_COURSES = reverse("students:student_course_list")
A_DAY = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)

db = pytest.mark.django_db


@pytest.fixture
def contents(student):
    """Two contents over two modules of a course the student joined."""
    first = ModuleFactory()
    second = ModuleFactory(course=first.course)
    first.course.students.add(student)
    return [add_content(first), add_content(second)]


def mark(client, content, done="1"):
    return client.post(
        reverse("students:content_done", args=[content.pk]), {"done": done}
    )


def course_page(client, course) -> str:
    url = reverse("students:student_course_detail", args=[course.pk])
    return client.get(url).content.decode()


def completion_of(student, course):
    return CourseCompletion.objects.filter(student=student, course=course).first()


# Recording


def test_the_course_is_completed_by_its_last_content_and_not_before(client, contents):
    course = contents[0].module.course

    mark(client, contents[0])
    assert not CourseCompletion.objects.exists()

    mark(client, contents[1])

    completion = CourseCompletion.objects.get()
    assert (completion.student, completion.course) == (
        contents[0].completions.get().student,
        course,
    )
    last_mark = Completion.objects.get(content=contents[1])
    assert completion.completed == last_mark.created


def test_passing_the_last_quiz_completes_the_course(client, student):
    module = ModuleFactory()
    module.course.students.add(student)
    text = add_content(module)
    quiz = add_quiz(module).item
    mark(client, text)
    questions = list(quiz.questions.prefetch_related("choices"))
    right = {str(q.pk): [c.pk for c in q.choices.all() if c.correct] for q in questions}

    attempt_submit(student=student, quiz=quiz, answers={})  # failed: not done
    assert not CourseCompletion.objects.exists()

    attempt = attempt_submit(student=student, quiz=quiz, answers=right)

    assert attempt.passed
    assert completion_of(student, module.course) is not None


def test_marking_again_and_recording_again_keep_one_completion_and_its_date(
    client, contents, student
):
    course = contents[0].module.course
    for content in contents:
        mark(client, content)
    CourseCompletion.objects.update(completed=A_DAY)

    mark(client, contents[1])
    course_completions_record(student=student, courses=type(course).objects.all())

    assert CourseCompletion.objects.get().completed == A_DAY
    assert completion_of(student, course).completed == A_DAY


def test_unmarking_after_completion_keeps_the_completion(client, contents, student):
    for content in contents:
        mark(client, content)

    mark(client, contents[0], done="0")

    html = course_page(client, contents[0].module.course)
    assert completion_of(student, contents[0].module.course) is not None
    assert "1 of 2 done" in html
    assert "Completed" in html
    assert "you marked some as not done" in html


def test_a_course_without_contents_is_never_completed(client, student):
    module = ModuleFactory()
    module.course.students.add(student)

    course_page(client, module.course)
    client.get(MY_COURSES)

    assert not CourseCompletion.objects.exists()


def test_another_students_marks_complete_nothing_of_mine(client, contents, student):
    other = UserFactory()
    contents[0].module.course.students.add(other)
    for content in contents:
        completion_set(student=other, content=content, done=True)

    assert list(CourseCompletion.objects.values_list("student", flat=True)) == [
        other.pk
    ]
    assert "Completed" not in course_page(client, contents[0].module.course)


def test_deleting_the_last_undone_content_completes_the_course_on_the_next_page(
    client, contents, student
):
    course = contents[0].module.course
    mark(client, contents[0])
    Completion.objects.update(created=A_DAY)

    contents[1].delete()  # the owner deletes what the student had not done
    html = course_page(client, course)

    # Recorded as the page saw it, dated by the student's latest mark.
    assert completion_of(student, course).completed == A_DAY
    assert "Completed</strong> on" in html
    assert "14 March 2026" in html


def test_my_courses_records_a_completion_that_a_deletion_made_due(
    client, contents, student
):
    mark(client, contents[0])
    contents[1].delete()

    html = client.get(MY_COURSES).content.decode()

    assert completion_of(student, contents[0].module.course) is not None
    assert "Completed</strong> on" in html


@contextmanager
def checks_held_together(parties: int, patience: float = 2):
    """Hold each request after its mark until `parties` are there, and again
    after its look at the course, before it commits: every racer looks before
    any commits, without luck. A request that cannot get there (waiting for
    another's lock) lets the rest go on after `patience` seconds."""
    before, after = threading.Barrier(parties), threading.Barrier(parties)
    record = services.course_completions_record

    def held(**kwargs):
        try:
            before.wait(timeout=patience)
        except threading.BrokenBarrierError:
            return record(**kwargs)
        recorded = record(**kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            after.wait(timeout=patience)
        return recorded

    with mock.patch.object(services, "course_completions_record", held):
        yield


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_last_marks_at_once_complete_the_course_once():
    # Each request alone would see the other's mark uncommitted: the student's
    # row lock makes the second count the first's.
    student = UserFactory()
    module = ModuleFactory()
    module.course.students.add(student)
    contents = [add_content(module), add_content(module)]
    clients = []
    for _ in contents:
        client = Client()
        client.force_login(student)
        clients.append(client)

    with checks_held_together(len(contents)):
        statuses = post_concurrently(
            [
                (client, reverse("students:content_done", args=[c.pk]), {"done": "1"})
                for client, c in zip(clients, contents, strict=True)
            ]
        )

    assert statuses == [302, 302]
    assert CourseCompletion.objects.filter(student=student).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_last_mark_twice_at_once_completes_the_course_once():
    student = UserFactory()
    module = ModuleFactory()
    module.course.students.add(student)
    content = add_content(module)
    url = reverse("students:content_done", args=[content.pk])
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(student)
        clients.append(client)

    assert post_concurrently([(c, url, {"done": "1"}) for c in clients]) == [302, 302]
    assert CourseCompletion.objects.filter(student=student).count() == 1


@db
def test_the_migration_backfills_the_courses_students_had_finished():
    backfill = importlib.import_module(
        "students.migrations.0004_backfill_course_completions"
    ).backfill
    done, halfway, newcomer = UserFactory(), UserFactory(), UserFactory()
    module = ModuleFactory()
    first, second = add_content(module), add_content(module)
    empty = ModuleFactory()  # no contents: nobody finished it
    for content in (first, second):
        Completion.objects.create(student=done, content=content)
    Completion.objects.create(student=halfway, content=first)
    Completion.objects.filter(student=done, content=first).update(created=A_DAY)
    latest = Completion.objects.get(student=done, content=second).created
    CourseCompletion.objects.all().delete()
    del newcomer, empty

    backfill(apps, None)
    backfill(apps, None)  # again: nothing more

    [completion] = CourseCompletion.objects.all()
    assert (completion.student, completion.course) == (done, module.course)
    assert completion.completed == latest


# The pages


def test_my_courses_and_the_course_page_say_completed_with_the_date(
    client, contents, student
):
    course = contents[0].module.course
    for content in contents:
        mark(client, content)
    CourseCompletion.objects.update(completed=A_DAY)
    certificate = reverse("students:course_certificate", args=[course.pk])

    for html in (client.get(MY_COURSES).content.decode(), course_page(client, course)):
        assert "<strong>Completed</strong> on" in html
        assert '<time datetime="2026-03-14T09:30:00+00:00">14 March 2026</time>' in html
        assert f'href="{certificate}"' in html
        assert "New content has been added since" not in html


def test_a_course_that_gained_a_content_keeps_its_completion_and_says_so(
    client, contents, student
):
    course = contents[0].module.course
    for content in contents:
        mark(client, content)
    CourseCompletion.objects.update(completed=A_DAY)

    new = add_content(contents[1].module)

    for html in (client.get(MY_COURSES).content.decode(), course_page(client, course)):
        assert "14 March 2026" in html
        assert "New content has been added since" in html
        assert "2 of 3 done" in html
    module_page = reverse(
        "students:student_course_module", args=[course.pk, new.module_id]
    )
    assert f'id="content-{new.pk}"' in client.get(module_page).content.decode()
    certificate = reverse("students:course_certificate", args=[course.pk])
    assert client.get(certificate).status_code == 200


def test_the_owners_preview_shows_no_completion(client, contents, student):
    course = contents[0].module.course
    for content in contents:
        mark(client, content)
    client.force_login(course.owner)

    html = course_page(client, course)

    assert "Preview:" in html
    assert "Completed" not in html


def test_an_unfinished_course_says_nothing_of_completion(client, contents):
    mark(client, contents[0])

    for html in (
        client.get(MY_COURSES).content.decode(),
        course_page(client, contents[0].module.course),
    ):
        assert "Completed" not in html
        assert "certificate" not in html


# Queries: completed courses cost the pages no query (an annotation of the
# queries they ran already).


def finished_course(student, size: int):
    """A course of `size` modules, every content done by the student."""
    course = joined_course(student, size)
    for module in course.modules.all():
        for content in module.contents.all():
            completion_set(student=student, content=content, done=True)
    assert completion_of(student, course) is not None
    return course


def test_a_completed_courses_module_page_runs_the_same_queries(
    client, student, size, django_assert_num_queries
):
    course = finished_course(student, size)
    module = course.modules.last()
    url = reverse("students:student_course_module", args=[course.pk, module.pk])

    # As students/tests/test_queries.py: the user with the course, their marks
    # and its completion + the shared part (its modules + its number of
    # contents + the contents with their types + one per kind of item: 4).
    with django_assert_num_queries(8):
        client.get(url)
    with django_assert_num_queries(1):
        html = client.get(url).content.decode()

    assert "Completed</strong> on" in html


def test_my_courses_with_completed_courses_runs_the_same_queries(
    client, student, size, django_assert_num_queries
):
    for _ in range(size):
        finished_course(student, 1)

    # The user + the courses with subject, instructor, progress and completion.
    with django_assert_num_queries(2):
        html = client.get(MY_COURSES).content.decode()

    assert html.count("Completed</strong> on") == size
