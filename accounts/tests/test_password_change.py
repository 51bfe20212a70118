"""Password change on the web and in the API: every refresh token revoked."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

CHANGE = reverse("password_change")
API_CHANGE = reverse("api:auth-password-change")
NEW_PASSWORD = "a-fresh-and-unlikely-passphrase"


def change_on_the_web(client, old=PASSWORD, new=NEW_PASSWORD):
    return client.post(
        CHANGE, {"old_password": old, "new_password1": new, "new_password2": new}
    )


def test_a_password_change_on_the_web_leads_to_the_done_page(client, user):
    client.force_login(user)

    response = change_on_the_web(client)

    assert response["Location"] == reverse("password_change_done")
    page = client.get(response["Location"])
    assert "Password changed" in page.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_the_password_change_pages_use_the_site_templates(client, user):
    client.force_login(user)

    for url in [CHANGE, reverse("password_change_done")]:
        names = [template.name for template in client.get(url).templates]
        assert "base.html" in names
        assert not any(name.startswith("admin/") for name in names)


def test_a_password_change_on_the_web_revokes_every_refresh_token(client, user):
    tokens = [RefreshToken.for_user(user) for _ in range(2)]
    client.force_login(user)

    change_on_the_web(client)

    revoked = set(
        BlacklistedToken.objects.filter(token__user=user).values_list(
            "token__jti", flat=True
        )
    )
    assert revoked == {token["jti"] for token in tokens}


def test_a_password_change_keeps_this_session_and_ends_the_others(client, user):
    other_device = Client()
    other_device.force_login(user)
    client.force_login(user)

    change_on_the_web(client)

    assert client.get(reverse("profile")).status_code == 200
    assert other_device.get(reverse("profile")).status_code == 302


def test_a_wrong_old_password_on_the_web_is_a_form_error(client, user):
    client.force_login(user)

    response = change_on_the_web(client, old="not-it")

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(CHANGE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# The API


def test_the_api_changes_the_password_with_204(auth_api_client, user):
    response = auth_api_client.post(
        API_CHANGE, {"old_password": PASSWORD, "new_password": NEW_PASSWORD}
    )

    assert response.status_code == 204
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_the_api_change_revokes_every_refresh_token(auth_api_client, api_client, user):
    refresh = RefreshToken.for_user(user)

    auth_api_client.post(
        API_CHANGE, {"old_password": PASSWORD, "new_password": NEW_PASSWORD}
    )

    assert BlacklistedToken.objects.filter(token__jti=refresh["jti"]).exists()
    response = api_client.post(
        reverse("api:auth-token-refresh"), {"refresh": str(refresh)}
    )
    assert response.status_code == 401


def test_the_api_refuses_a_wrong_old_password_with_400(auth_api_client, user):
    response = auth_api_client.post(
        API_CHANGE, {"old_password": "not-it", "new_password": NEW_PASSWORD}
    )

    assert response.status_code == 400
    assert "old_password" in response.json()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_api_refuses_a_weak_new_password_with_400(auth_api_client):
    response = auth_api_client.post(
        API_CHANGE, {"old_password": PASSWORD, "new_password": "123"}
    )

    assert response.status_code == 400
    assert "new_password" in response.json()


def test_the_api_change_needs_a_bearer_token(api_client):
    response = api_client.post(
        API_CHANGE, {"old_password": PASSWORD, "new_password": NEW_PASSWORD}
    )

    assert response.status_code == 401


def test_the_api_change_is_throttled_with_the_login(auth_api_client, client):
    limit = 20
    for _ in range(limit):
        client.post(reverse("login"), {"username": "x", "password": "y"})

    response = auth_api_client.post(
        API_CHANGE, {"old_password": PASSWORD, "new_password": NEW_PASSWORD}
    )

    assert response.status_code == 429
