"""Second pass of `make test`: the whole suite on PostgreSQL + memcached.

Locally, when either server is not reachable, the pass is skipped with one line.
Under CI=true a missing server fails the run: CI must test the real services.
"""

import os
import socket
import subprocess
import sys
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


def ensure_database(url: str) -> None:
    """Create the configured database if missing, so Django's test database can
    be created from it (Django falls back to `postgres` with a warning otherwise)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


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
    ensure_database(DATABASE_URL)
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "MEMCACHED_SERVERS": MEMCACHED_SERVERS,
    }
    print(f"PostgreSQL + memcached pass ({db.hostname}:{db.port}, {MEMCACHED_SERVERS})")
    return subprocess.call([sys.executable, "-m", "pytest", *sys.argv[1:]], env=env)


if __name__ == "__main__":
    sys.exit(main())
