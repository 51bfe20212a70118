import pytest
from django.db import transaction

from educa.cache import cached_in_namespace, namespace_invalidate, namespace_key


def test_a_key_stays_the_same_until_its_namespace_is_invalidated():
    first = namespace_key("things", "page=1")

    assert namespace_key("things", "page=1") == first
    assert namespace_key("things", "page=2") != first
    assert namespace_key("other", "page=1") != first


@pytest.mark.django_db(transaction=True)
def test_invalidation_waits_for_the_commit():
    before = namespace_key("things", "page=1")

    with transaction.atomic():
        namespace_invalidate("things")
        # A reader now still sees the old rows, so it must keep the old key.
        assert namespace_key("things", "page=1") == before

    assert namespace_key("things", "page=1") != before


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_keeps_the_cache():
    before = namespace_key("things", "page=1")

    def write_then_fail():
        with transaction.atomic():
            namespace_invalidate("things")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()

    assert namespace_key("things", "page=1") == before


@pytest.mark.django_db
def test_a_cached_value_is_computed_once_per_version(
    django_capture_on_commit_callbacks,
):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cached_in_namespace("things", ("a",), compute, timeout=60) == 1
    assert cached_in_namespace("things", ("a",), compute, timeout=60) == 1
    with django_capture_on_commit_callbacks(execute=True):
        namespace_invalidate("things")
    assert cached_in_namespace("things", ("a",), compute, timeout=60) == 2


@pytest.mark.django_db
def test_a_migration_retires_every_namespace():
    from django.core.management.sql import emit_post_migrate_signal

    keys = [namespace_key("things", "page=1"), namespace_key("other", "page=1")]

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert namespace_key("things", "page=1") not in keys
    assert namespace_key("other", "page=1") not in keys


@pytest.mark.django_db
def test_a_key_of_several_namespaces_changes_when_any_of_them_is_invalidated(
    django_capture_on_commit_callbacks,
):
    keys = {namespace_key(["things", "other"], "page=1")}

    for namespace in ["other", "things"]:
        with django_capture_on_commit_callbacks(execute=True):
            namespace_invalidate(namespace)
        key = namespace_key(["things", "other"], "page=1")
        assert key not in keys
        keys.add(key)

    assert namespace_key(["things", "other"], "page=1") in keys
    assert namespace_key("things", "page=1") not in keys
