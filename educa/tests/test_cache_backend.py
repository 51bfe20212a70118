import pytest
from django.urls import reverse
from pymemcache.client.base import Client as MemcacheClient

from accounts.tests.factories import PASSWORD
from educa.settings import memcached_cache
from educa.tests.helpers import hung_server
from educa.tests.servers import memcached

TOKEN = reverse("api:auth-token")


def _login(client, user):
    return client.post(
        TOKEN,
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    )


@pytest.mark.django_db
def test_a_refused_memcached_does_not_turn_cached_endpoints_into_500s(
    client, settings, user, refused_address
):
    # The token endpoint reads and writes its throttle counter in the cache.
    settings.CACHES = {"default": memcached_cache([refused_address])}

    assert _login(client, user).status_code == 200


@pytest.mark.django_db
def test_a_hung_memcached_does_not_turn_cached_endpoints_into_500s(
    client, settings, user
):
    with hung_server() as address:
        settings.CACHES = {"default": memcached_cache([address])}

        assert _login(client, user).status_code == 200


@pytest.mark.server
@pytest.mark.django_db
def test_memcached_connections_stay_open_across_requests(client, settings, user):
    # A memcached of this test's own: a shared one counts others' connections too.
    with memcached() as server:
        settings.CACHES = {"default": memcached_cache([server])}
        host, port = server.rsplit(":", 1)
        stats = MemcacheClient((host, int(port)))
        _login(client, user)  # opens the app's connection
        before = int(stats.stats()[b"total_connections"])

        for _ in range(5):
            assert _login(client, user).status_code == 200

        assert int(stats.stats()[b"total_connections"]) == before
        stats.close()
