"""The load: wrk slices, a Writer for the mixed phase, and the cycles that
interleave them.

Absolute req/s on these shared machines moves 10-30% between identical runs, so
each cycle runs a short slice of the baseline and then of every endpoint, and a
figure is the median of the per-cycle ratios (see shared PERFORMANCE notes). A
mixed phase, interleaved with it, runs a read endpoint again while a Writer
writes at a fixed share of the read-only req/s.

wrk rather than a Python load generator (locust): it is C, so on 2 cores it
takes less CPU from the server it measures, and its Lua scripts cover every
request here.
"""

import http.client
import itertools
import json
import os
import random
import re
import statistics
import subprocess
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from bench.figures import mixed_figures, rates_of, read_only_figures


@dataclass
class Endpoint:
    """A URL to load; `lua` is a wrk script for anything but a plain GET."""

    name: str
    url: str
    lua: str = ""


# Appended to every wrk script: the latency percentiles, in microseconds (wrk's
# own --latency table has no p95).
PERCENTILES_LUA = """
done = function(summary, latency, requests)
  for _, p in ipairs({50, 95, 99}) do
    io.write(string.format("p%d %d\\n", p, latency:percentile(p)))
  end
end
"""


@dataclass
class Slice:
    """What one wrk run measured."""

    rate: float
    errors: int
    latency_ms: dict[str, float]


def wrk(endpoint: Endpoint, seconds: int) -> Slice:
    """Requests per second, errors (non-2xx/3xx or socket) and latency percentiles."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(endpoint.lua + PERCENTILES_LUA)
        script.flush()
        command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "-s", script.name]
        out = subprocess.run(
            [*command, endpoint.url], capture_output=True, text=True, check=True
        ).stdout
    return parse_wrk(out)


def parse_wrk(out: str) -> Slice:
    """A Slice from wrk's output: every error it counts (non-2xx/3xx answers,
    socket connect/read/write errors, timeouts) adds up, so none passes unseen."""
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = sum(
        int(n)
        for n in re.findall(
            r"(?:Non-2xx or 3xx responses|connect|read|write|timeout)[: ]\s*(\d+)", out
        )
    )
    latency = {
        f"p{p}": int(us) / 1000 for p, us in re.findall(r"^p(\d+) (\d+)$", out, re.M)
    }
    return Slice(rate, errors, latency)


Write = tuple[str, str, str, dict[str, str], dict | None]
"""(action, method, path, headers, JSON body or None): one request of a Writer."""


class Writer:
    """Sends writes at a fixed rate, never more than `in_flight` at once (so the
    readers under wrk are not starved), while it is entered; counts the answers
    per action. `next_write(rng)` picks each request. Behind schedule (slow
    answers), it sends as soon as it can but never bursts to catch up: `summary`
    reports the rate reached next to the one asked for."""

    def __init__(
        self,
        base: str,
        rate: float,
        next_write: Callable[[random.Random], Write],
        in_flight: int = 2,
        seed: int = 0,
    ):
        address = urlsplit(base)
        self.host, self.port = address.hostname, address.port
        self.rate, self.next_write = rate, next_write
        self.in_flight, self.seed = in_flight, seed
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self._lock, self._stop = threading.Lock(), threading.Event()
        self._threads: list[threading.Thread] = []
        self.started = self.elapsed = 0.0

    def __enter__(self) -> "Writer":
        self.started = time.monotonic()
        for n in range(self.in_flight if self.rate > 0 else 0):
            thread = threading.Thread(target=self._run, args=(n,), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()
        self.elapsed = time.monotonic() - self.started

    def _run(self, n: int) -> None:
        rng = random.Random(self.seed * 1000 + n)
        interval = self.in_flight / self.rate  # each thread sends 1/in_flight
        next_at = self.started + n * interval / self.in_flight
        while not self._stop.wait(max(0.0, next_at - time.monotonic())):
            action, method, path, headers, body = self.next_write(rng)
            status = self._send(method, path, headers, body)
            with self._lock:
                self.statuses[action][str(status)] += 1
            next_at = max(next_at + interval, time.monotonic())

    def _send(self, method, path, headers, body) -> int | str:
        """The status, or the exception's name when there was no answer."""
        headers = dict(headers)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException) as error:
            return type(error).__name__
        finally:
            conn.close()

    def summary(self) -> dict:
        sent = sum(sum(c.values()) for c in self.statuses.values())
        return {
            "target_per_s": round(self.rate, 1),
            "per_s": round(sent / self.elapsed, 1) if self.elapsed else 0.0,
            "statuses": {a: dict(sorted(c.items())) for a, c in self.statuses.items()},
        }


def memcached_gets() -> tuple[int, int] | None:
    """(get_hits, get_misses) summed over the servers of MEMCACHED_SERVERS, or
    None with a local-memory cache. They are the servers' own counters: every
    client of the servers counts, so give the bench a memcached of its own."""
    servers = [s.strip() for s in os.environ.get("MEMCACHED_SERVERS", "").split(",")]
    servers = [s for s in servers if s]
    if not servers:
        return None
    from pymemcache.client.base import Client

    hits = misses = 0
    for server in servers:
        host, port = server.rsplit(":", 1)
        client = Client((host, int(port)), connect_timeout=1, timeout=1)
        try:
            stats = client.stats()
        finally:
            client.close()
        hits += int(stats[b"get_hits"])
        misses += int(stats[b"get_misses"])
    return hits, misses


@dataclass
class Mixed:
    """The mixed phase: in each cycle, after the read-only slices, a slice of
    each endpoint in `names` while `writer(rate, seed)` writes at one fixed rate
    for all of them: `share` of the median read-only req/s of those endpoints
    in that cycle."""

    names: list[str]
    writer: Callable[[float, int], Writer]
    share: float = 0.05


@dataclass
class MixedSlice:
    """A read endpoint's slice under writes: what wrk measured, the writer's
    summary, and memcached's (hits, misses) over it (None without memcached)."""

    read: Slice
    writes: dict
    gets: tuple[int, int] | None


def mixed_slice(endpoint: Endpoint, seconds: int, writer: Writer) -> MixedSlice:
    before = memcached_gets()
    with writer:
        read = wrk(endpoint, seconds)
    after = memcached_gets()
    gets = None
    if before is not None and after is not None:
        gets = (after[0] - before[0], after[1] - before[1])
    return MixedSlice(read, writer.summary(), gets)


def measure(
    baseline: Endpoint,
    endpoints: list[Endpoint],
    seconds: int,
    cycles: int,
    mixed: Mixed | None = None,
):
    """Interleaved slices: per-cycle req/s, and medians of the ratios to baseline
    and of the latency percentiles; with `mixed`, the mixed phase's figures too
    (under "mixed"): in each cycle, every endpoint's mixed slice after the
    read-only ones."""
    everything = [baseline, *endpoints]
    for endpoint in everything:  # warm every worker and cache
        wrk(endpoint, 1)
    slices = {e.name: [] for e in everything}
    under_writes = {name: [] for name in (mixed.names if mixed else [])}
    # A seed per mixed slice: with one per cycle, each slice of a cycle would
    # replay the same writes, all but the first changing nothing.
    seeds = itertools.count()
    for _ in range(cycles):
        for endpoint in everything:
            slices[endpoint.name].append(wrk(endpoint, seconds))
        if not under_writes:
            continue
        # One write rate for every endpoint of the cycle (the issue's "fixed
        # rate"), so the fastest reads do not face the most writes.
        reads = [slices[name][-1].rate for name in under_writes]
        rate = mixed.share * statistics.median(reads)
        for endpoint in everything:
            if endpoint.name in under_writes:
                writer = mixed.writer(rate, next(seeds))
                under_writes[endpoint.name].append(
                    mixed_slice(endpoint, seconds, writer)
                )
    figures = read_only_figures(slices, baseline.name)
    if mixed:
        figures["mixed"] = mixed_figures(under_writes, rates_of(slices))
    return figures
