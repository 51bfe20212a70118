"""The login page's links, where each role lands, and the logout message."""

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD, InstructorFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
MY_LEARNING = reverse("students:student_course_list")
MY_COURSES = reverse("courses:manage_course_list")


def log_in(client, user, **query):
    url = LOGIN + (f"?next={query['next']}" if query else "")
    return client.post(url, {"username": user.username, "password": PASSWORD})


def test_the_login_page_links_to_sign_up_and_to_password_reset(client):
    page = client.get(LOGIN).content.decode()

    assert f'href="{reverse("students:student_registration")}"' in page
    assert f'href="{reverse("password_reset")}"' in page


def test_both_links_keep_next(client):
    page = client.get(LOGIN, {"next": "/course/mine/?page=2"}).content.decode()

    kept = "?next=/course/mine/%3Fpage%3D2"
    assert f'href="{reverse("students:student_registration")}{kept}"' in page
    assert f'href="{reverse("password_reset")}{kept}"' in page


def test_an_unsafe_next_is_not_passed_on(client):
    page = client.get(LOGIN, {"next": "https://evil.example.com/"}).content.decode()

    assert "evil.example.com" not in page


def test_a_student_lands_on_their_courses(client, user):
    assert log_in(client, user)["Location"] == MY_LEARNING


def test_an_instructor_lands_on_the_courses_they_teach(client):
    assert log_in(client, InstructorFactory())["Location"] == MY_COURSES


def test_next_wins_over_the_instructors_landing(client):
    response = log_in(client, InstructorFactory(), next="/students/courses/")

    assert response["Location"] == "/students/courses/"


def test_logging_out_says_so_on_the_catalogue(client, user):
    client.force_login(user)

    response = client.post(reverse("logout"), follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert "You have been logged out." in response.content.decode()
    assert not response.context["user"].is_authenticated
