from datetime import timedelta

import pytest
from django.urls import reverse
from rest_framework_simplejwt.utils import aware_utcnow

from accounts.tests.factories import PASSWORD, UserFactory

TOKEN = reverse("api:auth-token")
REFRESH = reverse("api:auth-token-refresh")
VERIFY = reverse("api:auth-token-verify")
LOGOUT = reverse("api:auth-logout")
ME = reverse("api:auth-me")


@pytest.fixture
def tokens(api_client, user):
    response = api_client.post(TOKEN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    return response.json()


def bearer(client, access):
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


@pytest.mark.django_db
def test_an_access_token_is_refused_fifteen_minutes_after_it_was_issued(
    api_client, tokens, monkeypatch
):
    later = aware_utcnow() + timedelta(minutes=15)
    monkeypatch.setattr("rest_framework_simplejwt.tokens.aware_utcnow", lambda: later)

    assert bearer(api_client, tokens["access"]).get(ME).status_code == 401


@pytest.mark.django_db
def test_token_with_good_credentials_gives_a_working_access_token(
    api_client, tokens, user
):
    response = bearer(api_client, tokens["access"]).get(ME)

    assert response.status_code == 200
    assert response.json()["username"] == user.username


@pytest.mark.django_db
def test_token_with_a_wrong_password_is_401(api_client, user):
    response = api_client.post(TOKEN, {"username": user.username, "password": "nope"})

    assert response.status_code == 401
    assert "detail" in response.json()


@pytest.mark.django_db
def test_token_for_an_unknown_user_is_401(api_client):
    response = api_client.post(TOKEN, {"username": "ghost", "password": PASSWORD})

    assert response.status_code == 401


@pytest.mark.django_db
def test_token_for_an_inactive_user_is_401(api_client):
    user = UserFactory(is_active=False)

    response = api_client.post(TOKEN, {"username": user.username, "password": PASSWORD})

    assert response.status_code == 401


@pytest.mark.django_db
def test_token_without_a_password_is_400(api_client, user):
    response = api_client.post(TOKEN, {"username": user.username})

    assert response.status_code == 400
    assert "password" in response.json()


@pytest.mark.django_db
def test_refresh_rotates_and_the_new_tokens_work(api_client, tokens):
    response = api_client.post(REFRESH, {"refresh": tokens["refresh"]})

    assert response.status_code == 200
    rotated = response.json()
    assert rotated["refresh"] != tokens["refresh"]
    assert bearer(api_client, rotated["access"]).get(ME).status_code == 200
    assert api_client.post(REFRESH, {"refresh": rotated["refresh"]}).status_code == 200


@pytest.mark.django_db
def test_a_refresh_token_used_once_is_rejected_afterwards(api_client, tokens):
    api_client.post(REFRESH, {"refresh": tokens["refresh"]})

    response = api_client.post(REFRESH, {"refresh": tokens["refresh"]})

    assert response.status_code == 401


@pytest.mark.django_db
def test_refresh_with_garbage_is_401(api_client):
    response = api_client.post(REFRESH, {"refresh": "not.a.token"})

    assert response.status_code == 401


@pytest.mark.django_db
def test_refresh_with_an_access_token_is_401(api_client, tokens):
    response = api_client.post(REFRESH, {"refresh": tokens["access"]})

    assert response.status_code == 401


@pytest.mark.django_db
def test_refresh_for_a_deactivated_user_is_401(api_client, tokens, user):
    user.is_active = False
    user.save()

    response = api_client.post(REFRESH, {"refresh": tokens["refresh"]})

    assert response.status_code == 401


@pytest.mark.django_db
def test_refresh_for_a_deleted_user_is_401_not_500(api_client, tokens, user):
    user.delete()

    response = api_client.post(REFRESH, {"refresh": tokens["refresh"]})

    assert response.status_code == 401


@pytest.mark.django_db
def test_changing_the_password_revokes_existing_tokens(api_client, tokens, user):
    user.set_password("a-brand-new-passphrase")
    user.save()

    assert bearer(api_client, tokens["access"]).get(ME).status_code == 401
    assert api_client.post(REFRESH, {"refresh": tokens["refresh"]}).status_code == 401


@pytest.mark.django_db
def test_verify_accepts_a_valid_token(api_client, tokens):
    response = api_client.post(VERIFY, {"token": tokens["access"]})

    assert response.status_code == 200


@pytest.mark.django_db
def test_verify_rejects_a_tampered_token(api_client, tokens):
    response = api_client.post(VERIFY, {"token": tokens["access"][:-3] + "abc"})

    assert response.status_code == 401


@pytest.mark.django_db
def test_verify_rejects_a_blacklisted_refresh_token(api_client, tokens):
    api_client.post(REFRESH, {"refresh": tokens["refresh"]})

    response = api_client.post(VERIFY, {"token": tokens["refresh"]})

    assert response.status_code == 401


@pytest.mark.django_db
def test_verify_rejects_the_token_of_a_deactivated_user(api_client, tokens, user):
    user.is_active = False
    user.save()

    response = api_client.post(VERIFY, {"token": tokens["access"]})

    assert response.status_code == 401


@pytest.mark.django_db
def test_logout_blacklists_the_refresh_token(api_client, tokens):
    response = bearer(api_client, tokens["access"]).post(
        LOGOUT, {"refresh": tokens["refresh"]}
    )

    assert response.status_code == 205
    api_client.credentials()
    assert api_client.post(REFRESH, {"refresh": tokens["refresh"]}).status_code == 401


@pytest.mark.django_db
def test_logout_revokes_a_refresh_token_obtained_by_rotation(api_client, tokens):
    rotated = api_client.post(REFRESH, {"refresh": tokens["refresh"]}).json()

    response = bearer(api_client, rotated["access"]).post(
        LOGOUT, {"refresh": rotated["refresh"]}
    )

    assert response.status_code == 205
    assert api_client.post(REFRESH, {"refresh": rotated["refresh"]}).status_code == 401


@pytest.mark.django_db
def test_logout_without_a_token_is_401(api_client, tokens):
    response = api_client.post(LOGOUT, {"refresh": tokens["refresh"]})

    assert response.status_code == 401
    assert api_client.post(REFRESH, {"refresh": tokens["refresh"]}).status_code == 200


@pytest.mark.django_db
def test_logout_with_someone_elses_refresh_token_is_400_and_keeps_it(
    api_client, tokens
):
    other = UserFactory()
    other_tokens = api_client.post(
        TOKEN, {"username": other.username, "password": PASSWORD}
    ).json()

    response = bearer(api_client, tokens["access"]).post(
        LOGOUT, {"refresh": other_tokens["refresh"]}
    )

    assert response.status_code == 400
    api_client.credentials()
    assert (
        api_client.post(REFRESH, {"refresh": other_tokens["refresh"]}).status_code
        == 200
    )


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{}, {"refresh": "garbage"}])
def test_logout_with_a_missing_or_invalid_refresh_token_is_400(
    api_client, tokens, body
):
    response = bearer(api_client, tokens["access"]).post(LOGOUT, body)

    assert response.status_code == 400
    assert "refresh" in response.json()
