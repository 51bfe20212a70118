import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory

ME = reverse("api:auth-me")


@pytest.mark.django_db
def test_me_without_a_token_is_401(api_client):
    response = api_client.get(ME)

    assert response.status_code == 401
    assert "detail" in response.json()


@pytest.mark.django_db
def test_me_with_a_malformed_bearer_token_is_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    assert api_client.get(ME).status_code == 401


@pytest.mark.django_db
def test_me_returns_the_callers_profile(auth_api_client):
    user = auth_api_client.user

    response = auth_api_client.get(ME)

    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
    }


@pytest.mark.django_db
def test_me_patch_updates_names_and_email(auth_api_client):
    response = auth_api_client.patch(
        ME, {"first_name": "Grace", "email": "grace@example.org"}
    )

    assert response.status_code == 200
    user = auth_api_client.user
    user.refresh_from_db()
    assert (user.first_name, user.email) == ("Grace", "grace@example.org")


@pytest.mark.django_db
def test_me_patch_cannot_change_the_username(auth_api_client):
    username = auth_api_client.user.username

    auth_api_client.patch(ME, {"username": "hijack"})

    auth_api_client.user.refresh_from_db()
    assert auth_api_client.user.username == username


@pytest.mark.django_db
def test_me_patch_rejects_an_email_taken_in_another_case(auth_api_client):
    UserFactory(email="taken@example.com")

    response = auth_api_client.patch(ME, {"email": "TAKEN@example.com"})

    assert response.status_code == 400
    assert "email" in response.json()


@pytest.mark.django_db
def test_me_patch_may_keep_the_callers_own_email(auth_api_client):
    response = auth_api_client.patch(ME, {"email": auth_api_client.user.email})

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["put", "delete", "post"])
def test_me_does_not_allow_other_methods(auth_api_client, method):
    response = getattr(auth_api_client, method)(ME, {})

    assert response.status_code == 405


@pytest.mark.django_db
def test_an_email_taken_by_a_concurrent_request_is_a_400_not_a_500(
    auth_api_client, monkeypatch
):
    from accounts.models import User

    user = auth_api_client.user
    old_email = user.email
    UserFactory(email="taken@example.com")
    # The other request saved its address after our uniqueness check ran.
    monkeypatch.setattr(User.objects, "email_taken", lambda *a, **kw: False)

    response = auth_api_client.patch(ME, {"email": "TAKEN@example.com"})

    assert response.status_code == 400
    assert response.json() == {
        "email": ["A user with that email address already exists."]
    }
    user.refresh_from_db()
    assert user.email == old_email
