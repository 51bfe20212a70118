"""Editing a quiz retires the cached cards that show it (courses.signals)."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses.models import Course
from courses.services import quiz_questions_replace
from courses.tests.factories import ModuleFactory, add_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz(client, student):
    module = ModuleFactory()
    module.course.students.add(student)
    return add_quiz(module, title="First quiz").item


@pytest.fixture
def student(client):
    user = UserFactory()
    client.force_login(user)
    return user


def page(client, quiz) -> str:
    module = quiz.contents.get().module
    url = reverse("students:student_course_module", args=[module.course_id, module.pk])
    return client.get(url).content.decode()


def revision(quiz) -> int:
    return Course.objects.get(modules__contents__in=quiz.contents.all()).revision


def test_renaming_a_quiz_shows_at_once_on_the_cached_page(client, quiz):
    assert "First quiz" in page(client, quiz)
    assert "First quiz" in page(client, quiz)  # now from the cache

    quiz.title = "Second quiz"
    quiz.save()

    assert "Second quiz" in page(client, quiz)


def test_changing_the_pass_mark_or_the_attempts_shows_at_once(client, quiz):
    page(client, quiz)
    assert "Pass mark 60%" in page(client, quiz)

    quiz.pass_mark, quiz.max_attempts = 80, 2
    quiz.save()
    html = page(client, quiz)

    assert "Pass mark 80% · at most 2 attempts" in html
    assert "2 attempts left" in html


def test_replacing_the_questions_shows_the_new_ones_at_once(client, quiz):
    page(client, quiz)
    assert "What is 2 + 2?" in page(client, quiz)

    quiz_questions_replace(quiz=quiz, text="Capital of France?\n* Paris\n- Lyon")
    html = page(client, quiz)

    assert "Capital of France?" in html
    assert "What is 2 + 2?" not in html


def test_saving_a_quiz_renews_its_courses_revision(quiz):
    before = revision(quiz)

    quiz.save()

    assert revision(quiz) != before
