"""Cache backends and versioned cache namespaces."""

import hashlib
import uuid
from collections.abc import Sequence

from django.core.cache import cache
from django.core.cache.backends.memcached import PyMemcacheCache
from django.db import transaction


class PersistentPyMemcacheCache(PyMemcacheCache):
    """PyMemcacheCache that keeps its sockets open across requests.

    Django closes memcached connections at the end of every request, so each
    request pays a reconnect; measured here, that made a cached page no faster
    than one SQLite query. Each thread has its own client, so keeping it is safe.
    """

    def close(self, **kwargs):
        pass


# Versioned namespaces: every key in a namespace embeds the namespace's current
# version, so one write invalidates them all without knowing which exist. The
# version is random, not a counter: a counter restarting at 1 after memcached
# evicted it could make entries written before the eviction valid again.
# Keys also embed a generation that every `migrate` (and `flush`) renews: a new
# release's templates and schema, or a reset database whose ids start again,
# never meet entries built before.

GENERATION_KEY = "ns:generation"


def _version_key(namespace: str) -> str:
    return f"ns:{namespace}:version"


def namespace_key(namespaces: str | Sequence[str], *parts: str) -> str | None:
    """A cache key for `parts`, valid until any of the namespaces is invalidated.

    One namespace or several (an entry built from rows that different writes
    retire). None when the cache is unreachable: callers then compute without
    caching.
    """
    [key] = namespace_keys(namespaces, parts)
    return key


def namespace_keys(
    namespaces: str | Sequence[str], *entries: tuple[str, ...]
) -> list[str | None]:
    """namespace_key() for several entries of the same namespaces, for the price
    of one: the versions are read once."""
    if isinstance(namespaces, str):
        namespaces = [namespaces]
    keys = [GENERATION_KEY, *map(_version_key, namespaces)]
    found = cache.get_many(keys)  # one round trip
    versions = [found.get(key) or _first_value(key) for key in keys]
    if None in versions:
        return [None] * len(entries)
    return [f"ns:{namespaces[0]}:{_digest([*versions, *parts])}" for parts in entries]


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:40]


def _first_value(key: str) -> str | None:
    # add(), not set(): of two processes starting a version, the first wins.
    cache.add(key, uuid.uuid4().hex, timeout=None)
    return cache.get(key)


def retire_all_namespaces(**kwargs) -> None:
    """Retire every key of every namespace at once (a post_migrate receiver)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def namespace_invalidate(namespace: str) -> None:
    """Retire every key of the namespace, once the current transaction commits.

    After the commit, not before: a reader between the two would cache the old
    rows under the new version.
    """
    transaction.on_commit(
        lambda: cache.set(_version_key(namespace), uuid.uuid4().hex, timeout=None)
    )


def cached_in_namespace(
    namespaces: str | Sequence[str], parts: tuple[str, ...], compute, timeout
):
    """`compute()`, cached under `parts` until a namespace is invalidated."""
    key = namespace_key(namespaces, *parts)
    value = cache.get(key) if key else None
    if value is None:
        value = compute()
        if key:
            cache.set(key, value, timeout)
    return value
