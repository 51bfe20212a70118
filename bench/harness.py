"""Benchmark harness: the app under gunicorn with production settings, load from
wrk, and throughput as a ratio to a trivial endpoint measured in the same run.

Absolute req/s on these shared machines moves 10-30% between identical runs, so
each cycle runs a short slice of the baseline and then of every endpoint, and a
figure is the median of the per-cycle ratios (see shared PERFORMANCE notes).
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
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


def measure(baseline: Endpoint, endpoints: list[Endpoint], seconds: int, cycles: int):
    """Interleaved slices: per-cycle req/s, and medians of the ratios to baseline
    and of the latency percentiles."""
    everything = [baseline, *endpoints]
    for endpoint in everything:  # warm every worker and cache
        wrk(endpoint, 1)
    slices = {e.name: [] for e in everything}
    for _ in range(cycles):
        for endpoint in everything:
            slices[endpoint.name].append(wrk(endpoint, seconds))
    rates = {name: [s.rate for s in runs] for name, runs in slices.items()}
    ratios = {
        e.name: _cycle_ratios(rates[e.name], rates[baseline.name]) for e in endpoints
    }
    return {
        "req_per_s": {k: round(statistics.median(v)) for k, v in rates.items()},
        "ratio_to_baseline": {
            k: round(statistics.median(v), 3) for k, v in ratios.items()
        },
        "ratio_spread": {k: round(max(v) - min(v), 3) for k, v in ratios.items()},
        "latency_ms": {
            name: {
                p: round(statistics.median(s.latency_ms[p] for s in runs), 2)
                for p in ("p50", "p95", "p99")
            }
            for name, runs in slices.items()
        },
        "req_per_s_per_cycle": {k: [round(r) for r in v] for k, v in rates.items()},
        "errors": sum(s.errors for runs in slices.values() for s in runs),
    }


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
