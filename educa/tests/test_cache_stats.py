import time
import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.tests.factories import UserFactory
from educa.cache_stats import ServerStats, cache_report, server_stats
from educa.settings import memcached_cache
from educa.tests.helpers import hung_server

URL = reverse("cache_status")


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(is_staff=True))
    return client


def _only_server(response) -> ServerStats:
    [server] = response.context["report"].servers
    return server


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={URL}"


@pytest.mark.django_db
def test_a_logged_in_user_who_is_not_staff_is_sent_to_the_admin_login(client):
    client.force_login(UserFactory())

    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_staff_see_that_the_local_memory_cache_has_no_statistics(
    staff_client, settings
):
    # The services pass of `make test` runs on memcached: ask for local memory.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    cache.set("cache-stats-test", 1)

    response = staff_client.get(URL)

    assert response.status_code == 200
    assert response.context["report"].kind == "locmem"
    assert response.context["report"].local_items >= 1
    assert b"not available for the local-memory cache" in response.content
    assert b"Production uses memcached" in response.content


def test_the_page_is_never_cached_and_refuses_posts(staff_client):
    assert "no-cache" in staff_client.get(URL)["Cache-Control"]
    assert staff_client.post(URL).status_code == 405


@pytest.mark.usefixtures("use_memcached")
def test_a_miss_and_a_hit_show_up_in_the_live_memcached_numbers(staff_client):
    before = _only_server(staff_client.get(URL))
    key = f"cache-stats-test-{uuid.uuid4().hex}"

    assert cache.get(key) is None
    cache.set(key, "value")
    assert cache.get(key) == "value"
    response = staff_client.get(URL)

    after = _only_server(response)
    assert after.reachable
    # The server is shared: other clients may count too, hence ">=".
    assert after.misses >= before.misses + 1
    assert after.hits >= before.hits + 1
    assert after.items >= 1
    assert after.memory_limit > 0
    assert after.hit_ratio is not None
    page = response.content.decode()
    assert f"<td>{after.misses}</td>" in page
    assert f"<td>{after.hits}</td>" in page
    assert "unreachable" not in page.lower()


def test_a_refused_memcached_shows_as_unreachable(
    staff_client, settings, refused_address
):
    settings.CACHES = {"default": memcached_cache([refused_address])}

    response = staff_client.get(URL)

    assert response.status_code == 200
    assert not _only_server(response).reachable
    assert b"Unreachable" in response.content


def test_a_hung_memcached_shows_as_unreachable_without_a_long_stall(
    staff_client, settings
):
    with hung_server() as address:
        settings.CACHES = {"default": memcached_cache([address])}
        started = time.monotonic()

        response = staff_client.get(URL)

        elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert not _only_server(response).reachable
    assert b"Unreachable" in response.content
    assert elapsed < 2  # the 0.25 s socket timeouts, not pymemcache's default


def test_with_one_of_two_servers_down_the_other_shows_with_totals(
    staff_client, settings, memcached_servers, refused_address
):
    down = refused_address
    settings.CACHES = {"default": memcached_cache([memcached_servers[0], down])}

    response = staff_client.get(URL)

    report = response.context["report"]
    assert response.status_code == 200
    assert [server.reachable for server in report.servers] == [True, False]
    assert report.totals.memory_limit == report.servers[0].memory_limit
    assert b"1 of 2 servers unreachable" in response.content
    assert b"All servers" in response.content


def test_stats_with_bytes_names_and_values_are_read():
    class FakeClient:
        def stats(self):
            return {b"get_hits": 3, b"get_misses": b"1", b"version": b"1.6.0"}

    stats = server_stats("10.0.0.1:11211", FakeClient())

    assert (stats.hits, stats.misses, stats.version) == (3, 1, "1.6.0")
    assert stats.hit_ratio == 75


def test_a_client_that_swallows_errors_gives_an_unreachable_server():
    class SilentClient:
        def stats(self):
            return {}  # what pymemcache answers with ignore_exc=True

    assert not server_stats("10.0.0.1:11211", SilentClient()).reachable


def test_the_report_for_a_single_server_has_no_totals(settings, refused_address):
    settings.CACHES = {"default": memcached_cache([refused_address])}

    assert cache_report().totals is None


def test_the_admin_index_links_to_the_cache_page(staff_client):
    response = staff_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert f'href="{URL}"'.encode() in response.content
