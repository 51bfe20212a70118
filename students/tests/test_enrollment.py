"""Enrolling: a CSRF-protected POST, idempotent, for logged-in users only."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory
from educa.tests.helpers import post_concurrently

ENROLL = reverse("students:student_enroll_course")

pytestmark = pytest.mark.django_db


def test_enrolling_adds_the_student_and_opens_the_course(client, student):
    course = CourseFactory()

    response = client.post(ENROLL, {"course": course.pk})

    assert response.url == reverse("students:student_course_detail", args=[course.pk])
    assert list(course.students.all()) == [student]


def test_enrolling_twice_changes_nothing(client, student):
    course = CourseFactory()

    first = client.post(ENROLL, {"course": course.pk})
    second = client.post(ENROLL, {"course": course.pk})

    assert first.status_code == second.status_code == 302
    assert course.students.count() == 1


@pytest.mark.parametrize("value", ["999999", "abc", "", "1.5", "9" * 5000])
def test_an_unknown_or_garbled_course_is_404(client, student, value):
    CourseFactory()

    assert client.post(ENROLL, {"course": value}).status_code == 404


def test_a_missing_course_is_404(client, student):
    assert client.post(ENROLL, {}).status_code == 404


def test_enrolling_takes_a_post(client, student):
    assert client.get(ENROLL).status_code == 405


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    course = CourseFactory()

    response = client.post(ENROLL, {"course": course.pk})

    assert response.url.startswith(reverse("login"))
    assert not course.students.exists()


def test_enrolling_without_the_csrf_token_is_refused(student):
    course = CourseFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)

    assert client.post(ENROLL, {"course": course.pk}).status_code == 403
    assert not course.students.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_enrolments_at_once_end_in_one():
    course, student = CourseFactory(), UserFactory()
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(student)
        clients.append(client)

    statuses = post_concurrently([(c, ENROLL, {"course": course.pk}) for c in clients])

    assert statuses == [302, 302]
    assert list(course.students.all()) == [student]
