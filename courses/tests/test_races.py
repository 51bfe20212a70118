"""Concurrent CMS writes: a clash on a unique slug is a form error, never a 500,
and contents created at once in one module each get their own place."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import InstructorFactory
from courses.models import Content, Course, Text
from courses.tests.factories import CourseFactory, ModuleFactory, SubjectFactory
from educa.tests.helpers import responses_concurrently, saves_held_together

RACERS = 10
CREATE = reverse("courses:course_create")

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def course_form(subject, slug="") -> dict:
    return {"subject": subject.pk, "title": "Algebra", "slug": slug, "overview": ""}


def test_ten_instructors_taking_one_slug_at_once_get_one_course_and_nine_form_errors():
    subject = SubjectFactory()
    requests = [
        (logged_in(InstructorFactory()), CREATE, course_form(subject, "algebra"))
        for _ in range(RACERS)
    ]

    with saves_held_together(Course, RACERS):
        responses = responses_concurrently(requests)

    assert sorted(r.status_code for r in responses) == [200] * (RACERS - 1) + [302]
    for response in responses:
        if response.status_code == 200:
            form = response.context["form"]
            assert list(form.errors) == ["slug"]
            assert "already exists" in form.errors["slug"][0]
    assert Course.objects.filter(slug="algebra").count() == 1


def test_ten_courses_with_one_title_and_no_slug_at_once_all_get_their_own_slug():
    subject = SubjectFactory()
    requests = [
        (logged_in(InstructorFactory()), CREATE, course_form(subject))
        for _ in range(RACERS)
    ]

    with saves_held_together(Course, RACERS):
        responses = responses_concurrently(requests)

    assert [r.status_code for r in responses] == [302] * RACERS
    slugs = set(Course.objects.values_list("slug", flat=True))
    assert len(slugs) == RACERS
    assert "algebra" in slugs
    assert all(slug.startswith("algebra") for slug in slugs)


def test_renaming_courses_to_one_slug_at_once_is_one_success_and_form_errors():
    courses = CourseFactory.create_batch(RACERS)
    requests = [
        (
            logged_in(course.owner),
            reverse("courses:course_edit", args=[course.pk]),
            {**course_form(course.subject, "algebra"), "title": course.title},
        )
        for course in courses
    ]

    with saves_held_together(Course, RACERS):
        responses = responses_concurrently(requests)

    assert sorted(r.status_code for r in responses) == [200] * (RACERS - 1) + [302]
    assert Course.objects.filter(slug="algebra").count() == 1


def test_ten_contents_created_at_once_in_one_module_get_ten_distinct_orders():
    module = ModuleFactory()
    url = reverse("courses:module_content_create", args=[module.pk, "text"])
    requests = [
        (logged_in(module.course.owner), url, {"title": f"T{n}", "content": "x"})
        for n in range(RACERS)
    ]

    # Each text is saved before its content slot: all ten then place theirs at once.
    with saves_held_together(Text, RACERS):
        responses = responses_concurrently(requests)

    assert [r.status_code for r in responses] == [302] * RACERS
    orders = sorted(module.contents.values_list("order", flat=True))
    assert orders == list(range(RACERS))
    assert Content.objects.count() == RACERS
