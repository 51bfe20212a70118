"""Leaving a course: a CSRF-protected POST of a course the student is enrolled in,
for logged-in users only; the course's pages close to them at once."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory, ModuleFactory, add_content

LEAVE = reverse("students:student_unenroll_course")
MY_COURSES = reverse("students:student_course_list")

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(student):
    course = CourseFactory(title="Python for beginners")
    course.students.add(student)
    return course


def test_leaving_takes_the_student_out_and_goes_back_to_their_courses(
    client, student, course
):
    response = client.post(LEAVE, {"course": course.pk})

    assert response.status_code == 302
    assert response.url == MY_COURSES
    assert not course.students.exists()


def test_leaving_says_which_course_was_left(client, course):
    response = client.post(LEAVE, {"course": course.pk}, follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert messages == ["You left “Python for beginners”."]
    html = response.content.decode()
    assert "You left “Python for beginners”." in html
    assert "not enrolled in any course yet" in html


def test_leaving_keeps_the_other_students_and_the_other_courses(
    client, student, course
):
    classmate = UserFactory()
    course.students.add(classmate)
    other = CourseFactory()
    other.students.add(student)

    client.post(LEAVE, {"course": course.pk})

    assert list(course.students.all()) == [classmate]
    assert list(other.students.all()) == [student]


def test_the_course_pages_are_closed_once_left(client, committed, course):
    module = ModuleFactory(course=course)
    add_content(module)
    pages = [
        reverse("students:student_course_detail", args=[course.pk]),
        reverse("students:student_course_module", args=[course.pk, module.pk]),
        reverse("chat:course_chat_room", args=[course.pk]),
    ]
    contents = reverse("api:course-contents", args=[course.pk])
    for url in [*pages, contents]:
        assert client.get(url).status_code == 200, url  # and cached, some of them

    with committed():
        client.post(LEAVE, {"course": course.pk})

    for url in pages:
        assert client.get(url).status_code == 404, url
    assert client.get(contents).status_code == 403


def test_leaving_a_course_one_is_not_enrolled_in_is_404(client, student):
    course = CourseFactory()
    classmate = UserFactory()
    course.students.add(classmate)

    assert client.post(LEAVE, {"course": course.pk}).status_code == 404
    assert list(course.students.all()) == [classmate]


def test_leaving_twice_is_a_404_the_second_time(client, course):
    assert client.post(LEAVE, {"course": course.pk}).status_code == 302
    assert client.post(LEAVE, {"course": course.pk}).status_code == 404


def test_the_owner_of_a_course_cannot_leave_it(client, student):
    course = CourseFactory(owner=student)

    assert client.post(LEAVE, {"course": course.pk}).status_code == 404
    detail = reverse("students:student_course_detail", args=[course.pk])
    assert client.get(detail).status_code == 200


@pytest.mark.parametrize(
    "value", ["999999", "abc", "", "1.5", "\u0661", "9" * 20, "9" * 5000]
)
def test_an_unknown_or_garbled_course_is_404(client, course, value):
    assert client.post(LEAVE, {"course": value}).status_code == 404
    assert course.students.exists()


def test_a_missing_course_is_404(client, course):
    assert client.post(LEAVE, {}).status_code == 404


def test_leaving_takes_a_post(client, course):
    assert client.get(LEAVE, {"course": course.pk}).status_code == 405
    assert course.students.exists()


def test_an_anonymous_visitor_is_sent_to_log_in():
    course = CourseFactory()
    course.students.add(UserFactory())

    response = Client().post(LEAVE, {"course": course.pk})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert course.students.exists()


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


def test_leaving_without_the_csrf_token_is_refused(student, course):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(student)

    assert browser.post(LEAVE, {"course": course.pk}).status_code == 403
    assert course.students.exists()


def test_the_leave_button_on_my_courses_works_with_its_csrf_token(student, course):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(student)
    html = browser.get(MY_COURSES).content.decode()

    response = browser.post(
        LEAVE, {"course": course.pk, "csrfmiddlewaretoken": csrf_token(html)}
    )

    assert response.status_code == 302
    assert not course.students.exists()


def test_my_courses_offers_to_leave_each_course(client, student, course):
    other = CourseFactory()
    other.students.add(student)

    html = client.get(MY_COURSES).content.decode()

    assert html.count(f'action="{LEAVE}"') == 2
    assert f'name="course" value="{course.pk}"' in html
    assert f'name="course" value="{other.pk}"' in html
    assert html.count("Leave this course") == 2


def test_the_course_page_offers_to_leave_only_to_its_students(client, student):
    course, other = CourseFactory(), CourseFactory()
    course.students.add(student)

    joined = client.get(course.get_absolute_url()).content.decode()
    not_joined = client.get(other.get_absolute_url()).content.decode()

    assert "You are enrolled." in joined
    assert f'action="{LEAVE}"' in joined
    assert f'name="course" value="{course.pk}"' in joined
    assert f'action="{LEAVE}"' not in not_joined
    assert "Leave this course" not in not_joined


def test_after_leaving_the_course_page_offers_to_enrol_again(client, course):
    client.post(LEAVE, {"course": course.pk})

    html = client.get(course.get_absolute_url()).content.decode()

    assert "Enrol now" in html
    assert "Leave this course" not in html
