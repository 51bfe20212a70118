"""gunicorn, with gunicorn.conf.py, serving the app with production settings."""

import http.client
import os
from urllib.parse import urlsplit

import pytest

from educa.tests.helpers import secret_key
from educa.tests.servers import gunicorn

pytestmark = pytest.mark.server


def get(base: str, path: str):
    """(status, headers, body) of one GET, redirects not followed."""
    url = urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "localhost"})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_gunicorn_serves_the_app_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "educa.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secret_key(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "WEB_CONCURRENCY": "1",
    }
    env.pop("MEMCACHED_SERVERS", None)

    # Started once /healthz answered 200 (servers.gunicorn waits for it).
    with gunicorn(env, tmp_path / "gunicorn.log") as base:
        health = get(base, "/healthz")
        other = get(base, "/api/auth/me/")

    # The health check answers load balancers over plain HTTP...
    assert health[0] == 200
    assert health[2] == b'{"status": "ok", "database": "ok", "cache": "ok"}'
    # ...while every other page is sent to HTTPS.
    assert other[0] == 301
    assert other[1]["Location"].startswith("https://")
