"""The cache status page of the admin: memcached statistics, per server."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.memcached import PyMemcacheCache
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from pymemcache.exceptions import MemcacheError


@dataclass(frozen=True)
class ServerStats:
    """What one memcached server reports, or why it could not be asked.

    `error` is None for a server that answered; otherwise the counters are zero
    and mean nothing.
    """

    address: str
    hits: int = 0
    misses: int = 0
    items: int = 0
    memory_used: int = 0
    memory_limit: int = 0
    uptime: int = 0
    total_connections: int = 0
    version: str = ""
    error: str | None = None
    is_total: bool = False  # the sums over several servers, not a server

    @property
    def reachable(self) -> bool:
        return self.error is None

    @property
    def hit_ratio(self) -> float | None:
        """Hits as a percentage of lookups; None before the first lookup."""
        lookups = self.hits + self.misses
        return 100 * self.hits / lookups if lookups else None

    @property
    def memory_percent(self) -> float | None:
        """Memory used as a percentage of the limit; None without a limit."""
        return 100 * self.memory_used / self.memory_limit if self.memory_limit else None

    @property
    def started(self) -> datetime:
        """When the server started, from its uptime (for `timesince`)."""
        return timezone.now() - timedelta(seconds=self.uptime)


@dataclass(frozen=True)
class CacheReport:
    """The state of one configured cache, as the status page shows it.

    `kind` is "memcached" (with `servers`, and `totals` when there are several
    servers and at least one answered), "locmem" (with `local_items`) or "other".
    """

    alias: str
    backend: str
    kind: str
    servers: list[ServerStats] = field(default_factory=list)
    totals: ServerStats | None = None
    local_items: int | None = None

    @property
    def tables(self) -> list[ServerStats]:
        """The servers, then the totals if any: one table each on the page."""
        return [*self.servers, self.totals] if self.totals else self.servers

    @property
    def unreachable_count(self) -> int:
        """How many servers did not answer."""
        return sum(not server.reachable for server in self.servers)


def _text(value) -> str:
    """`value` as text: bytes decoded (undecodable bytes replaced), else str()."""
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _number(stats: dict[str, Any], name: str) -> int:
    """The counter `name` as an int; 0 when missing or not a number."""
    try:
        return int(stats.get(name, 0))
    except (TypeError, ValueError):
        return 0


def server_stats(address: str, client) -> ServerStats:
    """Ask one pymemcache client for its server's stats; never raises.

    Refused, timed-out or garbled answers give an unreachable ServerStats. The
    client's own timeouts bound the wait (0.25 s in settings.memcached_cache).
    """
    try:
        raw = client.stats()
    except (MemcacheError, OSError) as exc:  # OSError: refused, timed out, reset
        return ServerStats(address, error=str(exc) or type(exc).__name__)
    if not raw:  # what a client built with ignore_exc answers instead of raising
        return ServerStats(address, error="no answer")
    # pymemcache reports the names, and some values, as bytes.
    stats = {_text(name): value for name, value in raw.items()}
    return ServerStats(
        address,
        hits=_number(stats, "get_hits"),
        misses=_number(stats, "get_misses"),
        items=_number(stats, "curr_items"),
        memory_used=_number(stats, "bytes"),
        memory_limit=_number(stats, "limit_maxbytes"),
        uptime=_number(stats, "uptime"),
        total_connections=_number(stats, "total_connections"),
        version=_text(stats.get("version", "")),
    )


def _totals(servers: list[ServerStats]) -> ServerStats | None:
    """The sums over the servers that answered; None if none did."""
    answered = [server for server in servers if server.reachable]
    if not answered:
        return None
    return ServerStats(
        "All servers",
        hits=sum(server.hits for server in answered),
        misses=sum(server.misses for server in answered),
        items=sum(server.items for server in answered),
        memory_used=sum(server.memory_used for server in answered),
        memory_limit=sum(server.memory_limit for server in answered),
        total_connections=sum(server.total_connections for server in answered),
        is_total=True,
    )


def cache_report(alias: str = "default") -> CacheReport:
    """The statistics of the cache `alias`, asked of every server in turn.

    Never raises for a down or hung server: it is reported as unreachable.
    """
    cache = caches[alias]
    backend = f"{type(cache).__module__}.{type(cache).__qualname__}"
    if isinstance(cache, PyMemcacheCache):
        # One pymemcache client per server, keyed "host:port", in LOCATION order.
        servers = [
            server_stats(address, client)
            for address, client in cache._cache.clients.items()  # type: ignore[attr-defined]  # Django's private attribute
        ]
        totals = _totals(servers) if len(servers) > 1 else None
        return CacheReport(alias, backend, "memcached", servers, totals)
    if isinstance(cache, LocMemCache):
        # Expired entries count until a read or a cull removes them.
        return CacheReport(alias, backend, "locmem", local_items=len(cache._cache))  # type: ignore[attr-defined]  # Django's private attribute
    return CacheReport(alias, backend, "other")


@never_cache
@require_safe
@staff_member_required
def cache_status(request):
    """The cache statistics page, for staff; login redirect for anyone else."""
    context = {
        **admin.site.each_context(request),
        "title": "Cache",
        "report": cache_report(),
    }
    return render(request, "admin/cache_status.html", context)
