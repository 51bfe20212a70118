"""The log of `make run` (daphne's runserver, debug on): each line once, and an
expected 403 or 404 without a traceback."""

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from educa.tests.tiers import run_to_completion

pytestmark = pytest.mark.server

MANAGE = [sys.executable, str(Path(settings.BASE_DIR, "manage.py"))]
# A user who is no instructor, logged in through a session in the server's
# database (the cached_db engine falls back to it).
LOGGED_IN = """
from importlib import import_module
from django.conf import settings
from django.contrib import auth
user = auth.get_user_model().objects.create_user("walker", "walker@example.com")
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[auth.SESSION_KEY] = str(user.pk)
session[auth.BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
session[auth.HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _status(url: str, session_key: str) -> int:
    request = urllib.request.Request(
        url, headers={"Cookie": f"sessionid={session_key}"}
    )
    try:
        with _opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _listening_url(log: Path, process: subprocess.Popen) -> str:
    # Port 0: daphne takes one the kernel picks and logs it.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        found = re.search(r"Listening on TCP address (\S+)", log.read_text())
        if found:
            return f"http://{found[1]}"
        time.sleep(0.1)
    raise AssertionError(f"runserver never listened:\n{log.read_text()}")


def test_the_dev_server_logs_each_line_once_and_no_traceback_for_a_403_or_404(
    tmp_path,
):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEMCACHED_SERVERS": "",
        "REDIS_URL": "",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    for step in (["migrate", "--noinput"], ["shell", "-c", LOGGED_IN]):
        done = run_to_completion(
            [*MANAGE, *step], env=env, capture_output=True, text=True, check=True
        )
    session_key = done.stdout.split()[-1]
    log = tmp_path / "runserver.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [*MANAGE, "runserver", "--noreload", "127.0.0.1:0"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        base = _listening_url(log, server)
        assert _status(f"{base}/course/mine/", session_key) == 403
        assert _status(f"{base}/no/such/page/", session_key) == 404
    finally:
        server.terminate()
        server.wait(timeout=30)
    lines = log.read_text().splitlines()

    def count(text: str) -> int:
        return sum(text in line for line in lines)

    assert count("Forbidden (Permission denied): /course/mine/") == 1
    assert count("GET /course/mine/ 403") == 1
    assert count("Not Found: /no/such/page/") == 1
    assert count("GET /no/such/page/ 404") == 1
    assert not count("Traceback")
