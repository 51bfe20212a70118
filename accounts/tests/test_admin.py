import pytest
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory


@pytest.fixture
def staff_client(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def add_user(client, **overrides):
    data = {
        "username": "fresh",
        "email": "fresh@example.com",
        "usable_password": "true",
        "password1": "a-Strong-passphrase-9",
        "password2": "a-Strong-passphrase-9",
        **overrides,
    }
    return client.post(reverse("admin:accounts_user_add"), data)


def test_staff_see_users_with_their_email_in_the_admin(staff_client):
    UserFactory(email="listed@example.com")

    response = staff_client.get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 200
    assert b"listed@example.com" in response.content


def test_the_admin_creates_a_user_with_an_email(staff_client):
    response = add_user(staff_client)

    assert response.status_code == 302
    assert User.objects.get(username="fresh").email == "fresh@example.com"


def test_the_admin_refuses_an_email_taken_in_another_case(staff_client):
    UserFactory(email="fresh@example.com")

    response = add_user(staff_client, email="FRESH@example.com")

    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="fresh").exists()


def test_a_non_staff_user_is_sent_to_the_admin_login(client, user):
    client.force_login(user)

    response = client.get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
