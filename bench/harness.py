"""The app under test: gunicorn with production settings on a scratch database.

Also the home of `gunicorn`, which tests that start a server import from here.
The rest of the harness: `load.py` (wrk and the writer), `figures.py` (ratios
and medians), `targets.py` (what passes), `report.py` (markdown), `chart.py`.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BASELINE_PATH = "/ping"


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


def database_kind(url: str) -> str:
    """ "postgresql" or "sqlite": the name results are filed under."""
    return "postgresql" if url.startswith("postgres") else "sqlite"


def save_results(name: str, results: dict, report: str) -> None:
    """bench/results/<name>.json and .md, and the report on stdout."""
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / f"{name}.md").write_text(report)
    print(report)
