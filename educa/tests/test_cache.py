"""The cache's mechanics (educa.cache): namespaces, and entries built once."""

import threading
import time

import pytest
from django.core.cache import cache
from django.db import transaction

from educa.cache import Namespace, cached, entry_key, retire_all_namespaces
from educa.settings import memcached_cache

THINGS = Namespace("test:things")
OTHERS = Namespace("test:others")


def test_a_key_stays_the_same_until_its_namespace_is_retired():
    first = THINGS.key("page", 1)

    assert THINGS.key("page", 1) == first
    assert THINGS.key("page", 2) != first
    assert OTHERS.key("page", 1) != first


@pytest.mark.django_db(transaction=True)
def test_retirement_waits_for_the_commit():
    before = THINGS.key("page", 1)

    with transaction.atomic():
        THINGS.retire()
        # A reader now still sees the old rows, so it must keep the old key.
        assert THINGS.key("page", 1) == before

    assert THINGS.key("page", 1) != before


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_keeps_the_cache():
    before = THINGS.key("page", 1)

    def write_then_fail():
        with transaction.atomic():
            THINGS.retire()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()

    assert THINGS.key("page", 1) == before


@pytest.mark.django_db
def test_a_value_is_built_once_per_version(django_capture_on_commit_callbacks):
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    assert cached(THINGS.key("a"), build, 60) == 1
    assert cached(THINGS.key("a"), build, 60) == 1
    with django_capture_on_commit_callbacks(execute=True):
        THINGS.retire()
    assert cached(THINGS.key("a"), build, 60) == 2


def test_a_migration_retires_every_namespace(db):
    from django.core.management.sql import emit_post_migrate_signal

    keys = [THINGS.key("page", 1), OTHERS.key("page", 1)]

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert THINGS.key("page", 1) not in keys
    assert OTHERS.key("page", 1) not in keys


def test_what_a_build_raises_is_not_stored_and_the_next_request_builds_again():
    key = entry_key("test", "raises")

    def fail():
        raise LookupError

    with pytest.raises(LookupError):
        cached(key, fail, 60)
    assert cached(key, lambda: "built", 60) == "built"


def twenty_at_once(request) -> list:
    """`request()` from 20 threads released together; what each returned."""
    start = threading.Barrier(20)
    answers = []

    def run():
        start.wait()
        answers.append(request())

    threads = [threading.Thread(target=run) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.memcached
def test_twenty_requests_missing_one_entry_build_it_once(use_memcached):
    builds = []

    def build():
        builds.append(1)
        time.sleep(0.3)  # a slow page: the others arrive while it is built
        return "page"

    answers = twenty_at_once(lambda: cached(THINGS.key("hot"), build, 60))

    assert len(builds) == 1
    assert answers == ["page"] * 20


@pytest.mark.memcached
def test_a_retired_hot_entry_is_rebuilt_once(use_memcached):
    key = THINGS.key("hot")
    cached(key, lambda: "old", 60)
    retire_all_namespaces()
    builds = []

    def build():
        builds.append(1)
        time.sleep(0.3)
        return "new"

    answers = twenty_at_once(lambda: cached(THINGS.key("hot"), build, 60))

    assert len(builds) == 1
    assert answers == ["new"] * 20


def test_with_memcached_down_every_miss_builds_at_once(settings, refused_address):
    settings.CACHES = {"default": memcached_cache([refused_address])}
    builds = []

    def build():
        builds.append(1)
        return "page"

    started = time.monotonic()
    answers = [cached(entry_key("down", n), build, 60) for n in range(5)]
    answers.append(cached(THINGS.key("down"), build, 60))

    assert answers == ["page"] * 6
    assert len(builds) == 6
    # Nobody waits on a builder's lock that the cache could not store.
    assert time.monotonic() - started < 1
    cache.close()


def test_an_entry_used_again_is_served_from_the_process_without_memcached(
    settings, refused_address
):
    builds = []
    key = entry_key("recent")
    cached(key, lambda: builds.append(1) or "page", 60)
    # memcached gone: the process's own copy answers under the same key.
    settings.CACHES = {"default": memcached_cache([refused_address])}

    assert cached(key, lambda: builds.append(1) or "rebuilt", 60) == "page"
    assert builds == [1]
    cache.close()
