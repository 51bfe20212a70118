"""Second pass of `make test`: the whole suite on PostgreSQL + memcached.

Locally, when either server is not reachable, the pass is skipped with one line.
Under CI=true a missing server fails the run: CI must test the real services.

The servers may be shared with other people's runs: this run's databases are
named after it (`<name>_run_<random>`, so `test_<name>_run_<random>[_gwN]` for
pytest-django) and dropped at the end, and its cache entries carry a prefix of
their own (the root conftest.py), so no two runs meet.
"""

import os
import socket
import subprocess
import sys
import uuid
from urllib.parse import urlsplit

DATABASE_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/educa"
)
MEMCACHED_SERVERS = os.environ.get("TEST_MEMCACHED_SERVERS", "127.0.0.1:11211")
ON_CI = os.environ.get("CI") == "true"


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def _admin(url: str):
    import psycopg

    admin_url = urlsplit(url)._replace(path="/postgres").geturl()
    return psycopg.connect(admin_url, autocommit=True)


def create_database(url: str) -> None:
    """Create the run's database, so Django's test databases can be created from
    it (Django falls back to `postgres` with a warning otherwise)."""
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    with _admin(url) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_databases(url: str) -> None:
    """Drop the run's database and whatever test database of it is left (a run
    stopped before pytest-django dropped its own)."""
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    with _admin(url) as conn:
        left = conn.execute(
            "SELECT datname FROM pg_database WHERE datname = %s"
            " OR datname = %s OR datname LIKE %s",
            [name, f"test_{name}", f"test_{name}\\_gw%"],
        ).fetchall()
        for (database,) in left:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(database)
                )
            )


def run_url(url: str) -> str:
    """`url` with a database name of this run's own."""
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_run_{uuid.uuid4().hex[:8]}"
    return parts._replace(path=f"/{name}").geturl()


def main() -> int:
    db = urlsplit(DATABASE_URL)
    missing = [
        label
        for label, host, port in [
            ("PostgreSQL", db.hostname, db.port or 5432),
            *(
                ("memcached", *server.rsplit(":", 1))
                for server in MEMCACHED_SERVERS.split(",")
            ),
        ]
        if not reachable(host, int(port))
    ]
    if missing:
        message = f"PostgreSQL + memcached pass: {', '.join(missing)} not reachable"
        if ON_CI:
            print(f"FAILED {message} (required under CI=true)", file=sys.stderr)
            return 1
        print(f"skipped: {message}")
        return 0
    url = run_url(DATABASE_URL)
    create_database(url)
    env = {**os.environ, "DATABASE_URL": url, "MEMCACHED_SERVERS": MEMCACHED_SERVERS}
    print(
        f"PostgreSQL + memcached pass ({db.hostname}:{db.port}"
        f"{urlsplit(url).path}, {MEMCACHED_SERVERS})"
    )
    try:
        return subprocess.call([sys.executable, "-m", "pytest", *sys.argv[1:]], env=env)
    finally:
        drop_databases(url)


if __name__ == "__main__":
    sys.exit(main())
