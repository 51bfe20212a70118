"""The student's module page: its shared part is cached, never stale, and
what is the student's own is theirs alone.

Each test reads the page twice (the second read comes from the cache), changes
what the page shows, and reads again: the change must show at once.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory, instructors_group
from courses.tests.factories import ModuleFactory, add_content
from students.models import Completion

pytestmark = pytest.mark.django_db


@pytest.fixture
def module(student):
    module = ModuleFactory()
    module.course.students.add(student)
    add_content(module, title="Lesson one")
    return module


def page_url(module) -> str:
    return reverse("students:student_course_module", args=[module.course_id, module.pk])


def cached_page(client, module) -> str:
    client.get(page_url(module))
    return client.get(page_url(module)).content.decode()


def test_a_cached_page_carries_a_csrf_token_that_works(student, module):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(student)
    html = cached_page(browser, module)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    content = module.contents.get()

    response = browser.post(
        reverse("students:content_done", args=[content.pk]),
        {"done": "1", "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302
    assert Completion.objects.filter(student=student, content=content).exists()


def test_two_students_never_see_each_others_page(client, student, module, committed):
    with committed():
        Completion.objects.create(student=student, content=module.contents.get())
    assert "1 of 1 done" in cached_page(client, module)

    other = UserFactory(username="someone-else")
    module.course.students.add(other)
    client.force_login(other)
    html = cached_page(client, module)

    assert "0 of 1 done" in html
    assert "someone-else" in html
    assert student.username not in html


def test_a_student_who_leaves_the_course_is_refused_at_once(
    client, student, module, committed
):
    cached_page(client, module)

    with committed():
        module.course.students.remove(student)

    assert client.get(page_url(module)).status_code == 404


def test_a_content_added_to_another_module_changes_the_total_at_once(
    client, module, committed
):
    assert "0 of 1 done" in cached_page(client, module)

    with committed():
        add_content(ModuleFactory(course=module.course))

    assert "0 of 2 done" in client.get(page_url(module)).content.decode()


def test_a_new_permission_shows_in_the_menu_at_once(client, student, module, committed):
    assert "My courses" not in cached_page(client, module)

    with committed():
        student.groups.add(instructors_group())

    assert "My courses" in client.get(page_url(module)).content.decode()


def test_a_one_off_message_is_shown_and_not_cached(client, student, module):
    cached_page(client, module)
    other = ModuleFactory()

    response = client.post(
        reverse("students:student_enroll_course"),
        {"course": other.course_id},
        follow=True,
    )

    assert "You are enrolled" in response.content.decode()
    assert "You are enrolled" not in client.get(page_url(module)).content.decode()


def test_the_page_still_checks_the_session_and_the_account(client, student, module):
    # The user is read with the course in one query; Django's checks still hold.
    assert client.get(page_url(module)).status_code == 200

    student.set_password("a new password 123")
    student.save()
    assert client.get(page_url(module)).status_code == 302  # logged out

    client.force_login(student)
    student.is_active = False
    student.save()
    assert client.get(page_url(module)).status_code == 302


def test_a_course_id_past_any_row_is_a_404_for_a_logged_in_student(client, student):
    url = reverse("students:student_course_detail", args=[2**63])
    assert client.get(url).status_code == 404
