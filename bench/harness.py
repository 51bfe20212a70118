"""Benchmark harness: the app under gunicorn with production settings, load from
wrk, and throughput as a ratio to a trivial endpoint measured in the same run.

Absolute req/s on these shared machines moves 10-30% between identical runs, so
each cycle runs a short slice of the baseline and then of every endpoint, and a
figure is the median of the per-cycle ratios (see shared PERFORMANCE notes). A
mixed phase, interleaved with it, runs a read endpoint again while a Writer
writes at a fixed share of its read-only req/s.
"""

import http.client
import itertools
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BASELINE_PATH = "/ping"


@dataclass
class Endpoint:
    """A URL to load; `lua` is a wrk script for anything but a plain GET."""

    name: str
    url: str
    lua: str = ""


def production_environment() -> dict[str, str]:
    """The environment every server and seeding process starts from: production
    settings, on PostgreSQL and memcached when DATABASE_URL and MEMCACHED_SERVERS
    say so, else on the embedded defaults (SQLite, a local-memory cache)."""
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install -y wrk)")
    if not os.environ.get("MEMCACHED_SERVERS"):
        print(
            "note: no MEMCACHED_SERVERS, so each gunicorn worker keeps its own "
            "local-memory cache (set it to measure the production layout)",
            file=sys.stderr,
        )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "educa.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-" + "x" * 60,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "AUTH_THROTTLE_RATE": "100000/min",
        "WEB_CONCURRENCY": "2",
    }


def scratch_database(name: str) -> str:
    """A fresh, empty database named `name`: a temporary SQLite file, or on the
    PostgreSQL server of DATABASE_URL when that is set."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tempfile.mkdtemp(prefix='educa-bench-')}/{name}.sqlite3"
    import psycopg

    parts = urlsplit(url)
    database = f"{parts.path.lstrip('/')}_{name}"
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}"')
        conn.execute(f'CREATE DATABASE "{database}"')
    return urlunsplit(parts._replace(path=f"/{database}"))


@contextmanager
def gunicorn(env: dict[str, str], log: Path | None = None):
    """Serve the app on env["PORT"] (2 sync workers); yields its base URL.

    The error log (Django's tracebacks included) goes to `log`, if given.
    """
    errors = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    server = subprocess.Popen(
        [
            *(Path(sys.executable).with_name("gunicorn"), "-c", "gunicorn.conf.py"),
            *("--access-logfile", "/dev/null", "educa.wsgi"),
            # No worker recycling: a restart inside a slice is noise, not load.
            *("--max-requests", "0"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=errors,
    )
    base = f"http://127.0.0.1:{env['PORT']}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + BASELINE_PATH, timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if log:
            errors.close()


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
    rates = {name: [s.rate for s in runs] for name, runs in slices.items()}
    ratios = {
        e.name: _cycle_ratios(rates[e.name], rates[baseline.name]) for e in endpoints
    }
    figures = {
        "req_per_s": {k: round(statistics.median(v)) for k, v in rates.items()},
        "ratio_to_baseline": {
            k: round(statistics.median(v), 3) for k, v in ratios.items()
        },
        "ratio_spread": {k: round(max(v) - min(v), 3) for k, v in ratios.items()},
        "latency_ms": {name: _latency(runs) for name, runs in slices.items()},
        "req_per_s_per_cycle": {k: [round(r) for r in v] for k, v in rates.items()},
        "errors": sum(s.errors for runs in slices.values() for s in runs),
    }
    if mixed:
        figures["mixed"] = mixed_figures(under_writes, rates)
    return figures


def mixed_figures(under_writes: dict[str, list[MixedSlice]], read_only: dict) -> dict:
    """Per endpoint: mixed req/s, the median of the per-cycle ratios to its
    read-only slice, latencies, memcached's hit ratio over all its mixed slices,
    and the writes sent; the hit ratio and the writes over the whole phase."""
    rates = {k: [m.read.rate for m in runs] for k, runs in under_writes.items()}
    ratios = {k: _cycle_ratios(v, read_only[k]) for k, v in rates.items()}
    gets = {k: _sum_gets(m.gets for m in runs) for k, runs in under_writes.items()}
    every = [m for runs in under_writes.values() for m in runs]
    writes = {
        name: {
            "target_per_s": round(
                statistics.median(m.writes["target_per_s"] for m in runs), 1
            ),
            "per_s": round(statistics.median(m.writes["per_s"] for m in runs), 1),
            "statuses": _sum_statuses(m.writes["statuses"] for m in runs),
        }
        for name, runs in under_writes.items()
    }
    return {
        "req_per_s": {k: round(statistics.median(v)) for k, v in rates.items()},
        "ratio_to_read_only": {
            k: round(statistics.median(v), 3) for k, v in ratios.items()
        },
        "ratio_spread": {k: round(max(v) - min(v), 3) for k, v in ratios.items()},
        "latency_ms": {
            k: _latency([m.read for m in runs]) for k, runs in under_writes.items()
        },
        "req_per_s_per_cycle": {k: [round(r) for r in v] for k, v in rates.items()},
        "gets": gets,
        "hit_ratio": {k: _hit_ratio(v) for k, v in gets.items()},
        "hit_ratio_overall": _hit_ratio(_sum_gets(m.gets for m in every)),
        "writes": writes,
        "write_statuses": _sum_statuses(m.writes["statuses"] for m in every),
        "errors": sum(m.read.errors for m in every),
    }


def _latency(runs: list[Slice]) -> dict[str, float]:
    return {
        p: round(statistics.median(s.latency_ms[p] for s in runs), 2)
        for p in ("p50", "p95", "p99")
    }


def _sum_gets(gets) -> dict[str, int] | None:
    gets = list(gets)
    if not gets or any(g is None for g in gets):
        return None
    return {"hits": sum(g[0] for g in gets), "misses": sum(g[1] for g in gets)}


# Below this many memcached gets over a phase, an endpoint's hit ratio says
# nothing: its entries were found in each worker's own memory (educa.cache).
MIN_GETS = 100


def _hit_ratio(gets: dict[str, int] | None) -> float | None:
    if not gets or gets["hits"] + gets["misses"] < MIN_GETS:
        return None
    return round(gets["hits"] / (gets["hits"] + gets["misses"]), 4)


def _sum_statuses(summaries) -> dict[str, dict[str, int]]:
    """Writer status counts ({action: {status: n}}) added up."""
    total: dict[str, Counter] = defaultdict(Counter)
    for statuses in summaries:
        for action, counts in statuses.items():
            total[action].update(counts)
    return {a: dict(sorted(c.items())) for a, c in sorted(total.items())}


def _cycle_ratios(rates: list[float], over: list[float]) -> list[float]:
    return [a / b for a, b in zip(rates, over, strict=True)]


def median_ratio(figures: dict, name: str, over: str) -> float:
    """Median over the cycles of `name`'s req/s divided by `over`'s."""
    per_cycle = figures["req_per_s_per_cycle"]
    return round(statistics.median(_cycle_ratios(per_cycle[name], per_cycle[over])), 3)


def database_kind(url: str) -> str:
    """ "postgresql" or "sqlite": the name results are filed under."""
    return "postgresql" if url.startswith("postgres") else "sqlite"


def save_results(name: str, results: dict, report: str) -> None:
    """bench/results/<name>.json and .md, and the report on stdout."""
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / f"{name}.md").write_text(report)
    print(report)
