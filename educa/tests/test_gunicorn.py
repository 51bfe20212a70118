import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.utils import get_random_secret_key

from educa.tests.helpers import free_port


def _get(port: int, path: str, deadline: float):
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path, headers={"Host": "localhost"})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        except (ConnectionRefusedError, ConnectionResetError):
            # Not serving yet: refused before the bind, reset while a worker boots.
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_gunicorn_serves_the_app_with_production_settings(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "educa.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": get_random_secret_key(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    env.pop("MEMCACHED_SERVERS", None)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [gunicorn, "-c", "gunicorn.conf.py", "educa.wsgi"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        health = _get(port, "/healthz", deadline)
        other = _get(port, "/api/auth/me/", deadline)
    finally:
        server.terminate()
        server.wait(timeout=30)

    # The health check answers load balancers over plain HTTP...
    assert health[0] == 200
    assert health[2] == b'{"status": "ok", "database": "ok", "cache": "ok"}'
    # ...while every other page is sent to HTTPS.
    assert other[0] == 301
    assert other[1]["Location"].startswith("https://")
