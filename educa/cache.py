"""The cache's mechanics: the memcached backend, keys that stay current, and
entries built once however many requests want them. docs/caching.md says what
is cached and what retires it."""

import functools
import hashlib
import threading
import time
import uuid
import zlib
from collections import OrderedDict
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.memcached import PyMemcacheCache
from django.db import transaction
from pymemcache.client.rendezvous import RendezvousHash

# How many entries each process keeps in its own memory, in front of memcached,
# and for how long at most (an entry's own timeout, if shorter): a bound should a
# revision ever be missed, and a cached presigned URL outlive its signature.
RECENT_ENTRIES = 256
RECENT_SECONDS = 300
# How long a request waits for another one building the entry it wants, before
# building it too (the builder may be slow, or gone).
BUILD_WAIT = 2.0
BUILD_POLL = 0.01


class PersistentPyMemcacheCache(PyMemcacheCache):
    """PyMemcacheCache that keeps its sockets open across requests, and picks a
    key's server with a hash written in C.

    Django closes memcached connections at the end of every request, so each
    request pays a reconnect; measured here, that made a cached page no faster
    than one SQLite query. Each thread has its own client, so keeping it is safe.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._options.setdefault("hasher", Crc32RendezvousHash)  # type: ignore[attr-defined]  # Django's private attribute

    def close(self, **kwargs):
        pass


class Crc32RendezvousHash(RendezvousHash):
    """pymemcache's choice of server (rendezvous hashing) with zlib's CRC-32
    instead of its MurmurHash3 in pure Python, which took 50 µs a key here."""

    def __init__(self, nodes=None, seed=0):
        super().__init__(nodes, seed, hash_function=_crc32)


def _crc32(text: str, seed: int) -> int:
    return zlib.crc32(text.encode(), seed)


@functools.cache
def release() -> str:
    """A digest of this release's code, templates, static files and addresses,
    part of every key: entries built by another release (other templates, other
    shapes, other asset names) are never read."""
    digest = hashlib.sha256()
    roots = [Path(settings.BASE_DIR) / "templates"] + [
        Path(app.path)
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(settings.BASE_DIR)
    ]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".html") and "tests" not in path.parts:
                digest.update(path.read_bytes())
    # Pages embed the static files' hashed names and the media addresses.
    manifest = Path(settings.STATIC_ROOT or "", "staticfiles.json")
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    digest.update(f"{settings.STATIC_URL}\0{settings.MEDIA_URL}".encode())
    return digest.hexdigest()[:12]


def entry_key(*parts) -> str:
    return (
        "entry:"
        + hashlib.sha256("\0".join([release(), *map(str, parts)]).encode()).hexdigest()[
            :40
        ]
    )


def cached(key: str | None, build, timeout: int):
    """The value stored under `key`; else `build()`, stored for `timeout` seconds.

    Every key embeds what retires it (a version, a revision), so a value found
    under it is current wherever it is kept: the process keeps the ones it used
    last in its own memory (a memcached round trip cost more than a SQLite
    query here). When many requests miss the same key at once, one builds and
    the others wait for its value. A key of None (the cache is unreachable)
    builds without storing. `build()` must not return None, nor a value anyone
    changes later; what it raises is never stored.
    """
    if key is None:
        return build()
    value = _recent.get(key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = _build_once(key, build, timeout)
        _recent.put(key, value, min(timeout, RECENT_SECONDS))
    return value


class _Recent:
    """The entries this process used last, by key (least recently used out)."""

    def __init__(self, size: int):
        self.size = size
        # By key: (when it expires, the value).
        self.entries: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self.lock = threading.Lock()  # the ASGI server and tests use threads

    def get(self, key: str):
        with self.lock:
            expires, value = self.entries.get(key, (0, None))
            if expires < time.monotonic():
                self.entries.pop(key, None)
                return None
            self.entries.move_to_end(key)
            return value

    def put(self, key: str, value, seconds: float) -> None:
        with self.lock:
            self.entries[key] = (time.monotonic() + seconds, value)
            self.entries.move_to_end(key)
            if len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_recent = _Recent(RECENT_ENTRIES)


def forget_recent() -> None:
    """Empty this process's own copies (tests; nothing else needs to)."""
    _recent.clear()


def _build_once(key: str, build, timeout: int):
    lock = f"{key}:building"
    give_up = time.monotonic() + BUILD_WAIT
    while not cache.add(lock, True, timeout=int(BUILD_WAIT) + 1):
        if cache.get(lock) is None:
            # Nobody is building: the builder just finished, or the cache is down.
            value = cache.get(key)
            return build() if value is None else value
        time.sleep(BUILD_POLL)
        value = cache.get(key)
        if value is not None:
            return value
        if time.monotonic() > give_up:
            return build()
    try:
        # Built meanwhile by a request that held the lock before this one.
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, timeout)
        return value
    finally:
        cache.delete(lock)


class Namespace:
    """Entries retired together: every key embeds the namespace's version, so
    retiring it retires them all without knowing which exist.

    For entries built from many rows (lists), whose readers read no row that
    could carry a version. The version is random, not a counter: a counter
    restarting after memcached evicted it could revive entries written before.
    """

    every: list["Namespace"] = []

    def __init__(self, name: str):
        self.name = name
        self.version_key = f"namespace:{name}"
        Namespace.every.append(self)

    def key(self, *parts) -> str | None:
        """A key for `parts` until the next retire(); None if the cache is down."""
        version = cache.get(self.version_key)
        if version is None:
            # add(), not set(): of two processes starting a version, the first wins.
            cache.add(self.version_key, uuid.uuid4().hex, timeout=None)
            version = cache.get(self.version_key)
            if version is None:
                return None
        return entry_key(self.name, version, *parts)

    def retire(self) -> None:
        """Retire every entry, once the current transaction commits.

        After the commit, not before: a reader between the two would store the
        old rows under the new version.
        """
        transaction.on_commit(self._renew)

    def _renew(self) -> None:
        cache.set(self.version_key, uuid.uuid4().hex, timeout=None)


def retire_all_namespaces(**kwargs) -> None:
    """Retire every namespace at once (a post_migrate receiver: a flushed or
    migrated database must not meet lists built from the rows before)."""
    for namespace in Namespace.every:
        namespace._renew()
