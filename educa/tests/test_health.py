import json
import time

import pytest
from django.urls import reverse

from educa.settings import memcached_cache
from educa.tests.helpers import hung_server, run_django

URL = reverse("healthz")


@pytest.mark.django_db
def test_healthz_is_200_ok_when_database_and_cache_answer(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
@pytest.mark.usefixtures("use_memcached")
def test_healthz_is_ok_with_a_live_memcached(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


# Every server shares the cache and every page works without it: a 503 would
# have the load balancer pull all the servers at once, so the cache degrades.


@pytest.mark.django_db
def test_healthz_is_200_degraded_naming_a_refused_cache_server(
    client, settings, refused_address
):
    settings.CACHES = {"default": memcached_cache([refused_address])}

    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "down",
    }


@pytest.mark.django_db
def test_healthz_is_200_degraded_for_a_hung_cache_server_without_hanging(
    client, settings
):
    with hung_server() as address:
        settings.CACHES = {"default": memcached_cache([address])}

        started = time.monotonic()
        response = client.get(URL)
        elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "down",
    }
    # A few 0.25 s socket timeouts at most, never a stalled probe.
    assert elapsed < 5


def test_healthz_is_503_naming_an_unreachable_database(refused_address):
    # A separate process, so the settings really come from DATABASE_URL.
    result = run_django(
        "from django.test import Client\n"
        "r = Client().get('/healthz', HTTP_HOST='localhost')\n"
        "print(r.status_code, r.content.decode())\n",
        env={"DATABASE_URL": f"postgres://postgres@{refused_address}/educa"},
    )

    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {"status": "down", "database": "down", "cache": "ok"}


def test_healthz_is_503_when_both_database_and_cache_are_unreachable(refused_address):
    result = run_django(
        "from django.test import Client\n"
        "r = Client().get('/healthz', HTTP_HOST='localhost')\n"
        "print(r.status_code, r.content.decode())\n",
        env={
            "DATABASE_URL": f"postgres://postgres@{refused_address}/educa",
            "MEMCACHED_SERVERS": refused_address,
        },
    )

    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {"status": "down", "database": "down", "cache": "down"}


def test_healthz_only_answers_get(client):
    assert client.post(URL).status_code == 405


@pytest.mark.django_db
def test_healthz_answers_head_for_load_balancers(client):
    assert client.head(URL).status_code == 200


@pytest.mark.usefixtures("use_memcached")
def test_concurrent_cache_probes_do_not_fail_each_other():
    from concurrent.futures import ThreadPoolExecutor

    from educa.health import _cache_ok

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: _cache_ok(), range(400)))

    assert all(results)


def test_ping_answers_without_touching_the_database(client):
    # No django_db mark: pytest-django fails any database access here.
    response = client.get(reverse("ping"))

    assert response.json() == {"ping": "pong"}
