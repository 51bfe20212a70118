"""Signing up at /students/register/, and where logging in lands."""

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory

REGISTER = reverse("students:student_registration")
MY_COURSES = reverse("students:student_course_list")
LOGIN = reverse("login")
LIMIT = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"].split("/")[0])

pytestmark = pytest.mark.django_db


def sign_up(client, **fields):
    data = {
        "username": "newbie",
        "email": "newbie@example.com",
        "password1": "a long enough passphrase",
        "password2": "a long enough passphrase",
        **fields,
    }
    return client.post(REGISTER, data)


def test_signing_up_logs_the_student_in_and_shows_their_courses(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert response.url == MY_COURSES
    user = User.objects.get(username="newbie")
    assert user.check_password("a long enough passphrase")
    assert client.get(MY_COURSES).context["user"] == user


def test_a_weak_password_is_refused_with_the_validators_messages(client):
    response = sign_up(client, password1="12345678", password2="12345678")

    assert response.status_code == 200
    errors = response.context["form"].errors["password2"]
    assert any("too common" in error for error in errors)
    assert not User.objects.filter(username="newbie").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("username", "Taken"), ("email", "TAKEN@example.com")],
)
def test_a_username_or_email_in_use_is_refused_whatever_the_case(client, field, value):
    UserFactory(username="taken", email="taken@example.com")

    response = sign_up(client, **{field: value})

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert User.objects.count() == 1


def test_mismatched_passwords_are_refused(client):
    response = sign_up(client, password2="something else entirely")

    assert "password2" in response.context["form"].errors


def test_a_logged_in_user_is_sent_on_to_their_courses(client):
    client.force_login(UserFactory())

    assert client.get(REGISTER).url == MY_COURSES


def test_signing_up_from_a_course_page_returns_there(client):
    response = sign_up(client, next="/course/some-course/")

    assert response.url == "/course/some-course/"


def test_a_next_address_on_another_site_is_ignored(client):
    response = sign_up(client, next="https://evil.example/")

    assert response.url == MY_COURSES


def test_logging_in_lands_on_my_courses(client):
    user = UserFactory()

    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})

    assert response.url == MY_COURSES


def test_the_registration_form_keeps_csrf_protection(user):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(REGISTER, {})

    assert response.status_code == 403


@pytest.mark.parametrize("url", [LOGIN, REGISTER])
def test_a_flood_of_logins_or_sign_ups_gets_429(client, url):
    body = {"username": "nobody", "password": "wrong"}
    statuses = [client.post(url, body).status_code for _ in range(LIMIT + 1)]

    assert statuses[:LIMIT] == [200] * LIMIT
    assert statuses[-1] == 429
    assert int(client.post(url, body)["Retry-After"]) > 0


def test_the_web_login_and_the_token_endpoint_share_one_counter(client):
    body = {"username": "nobody", "password": "wrong"}
    for _ in range(LIMIT):
        client.post(reverse("api:auth-token"), body, content_type="application/json")

    assert client.post(LOGIN, body).status_code == 429


def test_a_throttled_login_page_still_shows_on_get(client):
    body = {"username": "nobody", "password": "wrong"}
    for _ in range(LIMIT + 1):
        client.post(LOGIN, body)

    assert client.get(LOGIN).status_code == 200
