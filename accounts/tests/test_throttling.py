import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory
from educa.tests.helpers import run_django

TOKEN = reverse("api:auth-token")
REGISTER = reverse("api:auth-register")
RATE = django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"]
LIMIT = int(RATE.split("/")[0])


def flood(client, url, times, **extra):
    body = {"username": "nobody", "password": "wrong"}
    return [client.post(url, body, **extra).status_code for _ in range(times)]


@pytest.mark.django_db
def test_a_flood_of_token_requests_gets_429(api_client):
    statuses = flood(api_client, TOKEN, LIMIT + 1)

    assert statuses[:LIMIT] == [401] * LIMIT
    assert statuses[-1] == 429


@pytest.mark.django_db
def test_a_throttled_client_is_refused_even_with_good_credentials(api_client, user):
    flood(api_client, TOKEN, LIMIT)

    response = api_client.post(TOKEN, {"username": user.username, "password": PASSWORD})

    assert response.status_code == 429
    assert "detail" in response.json()
    assert int(response["Retry-After"]) > 0


@pytest.mark.django_db
def test_a_flood_of_registrations_gets_429(api_client):
    statuses = flood(api_client, REGISTER, LIMIT + 1)

    assert statuses[-1] == 429
    assert 429 not in statuses[:LIMIT]


@pytest.mark.django_db
def test_a_spoofed_forwarded_for_header_does_not_escape_the_throttle(api_client):
    for n in range(LIMIT):
        api_client.post(
            TOKEN,
            {"username": "x", "password": "y"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )

    statuses = flood(api_client, TOKEN, 1, HTTP_X_FORWARDED_FOR="10.9.9.9")

    assert statuses == [429]


@pytest.mark.django_db
def test_another_client_address_has_its_own_budget(api_client):
    flood(api_client, TOKEN, LIMIT + 1)

    statuses = flood(api_client, TOKEN, 1, REMOTE_ADDR="192.0.2.7")

    assert statuses == [401]


@pytest.mark.django_db
def test_the_throttle_holds_across_processes_sharing_memcached(
    api_client, use_memcached, tmp_path
):
    flood(api_client, TOKEN, LIMIT)

    # Another Django process (as another gunicorn worker would be) sees the count.
    result = run_django(
        "from django.test import Client\n"
        "r = Client().post('/api/auth/token/', {'username': 'x', 'password': 'y'},"
        " HTTP_HOST='localhost')\n"
        "print(r.status_code)\n",
        env={
            "MEMCACHED_SERVERS": ",".join(use_memcached),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'other.sqlite3'}",
        },
    )

    assert result.stdout.split()[-1] == "429", result.stderr


# Every page that checks a password counts against the same budget.


@pytest.mark.django_db
def test_a_flood_of_admin_logins_gets_429(client):
    url = reverse("admin:login")
    body = {"username": "nobody", "password": "wrong"}
    statuses = [client.post(url, body).status_code for _ in range(LIMIT + 1)]

    assert statuses[:LIMIT] == [200] * LIMIT
    assert statuses[-1] == 429
    assert int(client.post(url, body)["Retry-After"]) > 0


@pytest.mark.django_db
def test_the_admin_login_and_the_token_endpoint_share_one_counter(client, api_client):
    flood(api_client, TOKEN, LIMIT)

    response = client.post(
        reverse("admin:login"), {"username": "nobody", "password": "wrong"}
    )

    assert response.status_code == 429


@pytest.mark.django_db
@pytest.mark.parametrize("url", [reverse("password_change"), "/admin/password_change/"])
def test_a_flood_of_password_changes_gets_429(client, url):
    client.force_login(UserFactory(is_staff=True))
    body = {"old_password": "guess", "new_password1": "x", "new_password2": "x"}
    statuses = [client.post(url, body).status_code for _ in range(LIMIT + 1)]

    assert statuses[:LIMIT] == [200] * LIMIT
    assert statuses[-1] == 429


@pytest.mark.django_db
def test_a_throttled_password_change_is_refused_even_with_the_right_password(
    client, user, api_client
):
    client.force_login(user)
    flood(api_client, TOKEN, LIMIT)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )

    assert response.status_code == 429
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
