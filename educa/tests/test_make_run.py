"""`make run`: served on PORT, and stopped at once with a clear message when that
port is taken (daphne's runserver would log the failure and hang)."""

import os
import socket
import sys
from pathlib import Path

from django.conf import settings

from educa.tests.tiers import run_to_completion

PORT_FREE = Path(settings.BASE_DIR, "scripts", "port_free.py")


def _port_free(port: int) -> int:
    return run_to_completion(
        [sys.executable, PORT_FREE, str(port)], capture_output=True
    ).returncode


def test_make_run_stops_at_once_with_a_clear_message_when_its_port_is_taken(
    tmp_path,
):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # Were the check gone, make would migrate and serve: into a database of
        # the test's, and the timeout would fail the test.
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
        run = run_to_completion(
            ["make", "--no-print-directory", "run", f"PORT={port}"],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )

    assert run.returncode != 0
    assert f"Port {port} on 127.0.0.1 is in use" in run.stderr
    assert f"make run PORT={port + 1}" in run.stderr
    assert not (tmp_path / "db.sqlite3").exists()


def test_a_port_bound_but_not_listening_counts_as_free_and_a_listening_one_not():
    # Both sockets allow address reuse, as servers do: a bound socket that does
    # not listen (a port in TIME_WAIT, say) leaves the port to the server.
    with socket.socket() as held:
        held.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        held.bind(("127.0.0.1", 0))
        port = held.getsockname()[1]
        assert _port_free(port) == 0
        held.listen()
        assert _port_free(port) == 1


def test_make_run_serves_on_the_port_it_is_given():
    plan = run_to_completion(
        ["make", "--no-print-directory", "-n", "run", "PORT=8123"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    ).stdout.splitlines()

    assert plan[0] == "python3 scripts/port_free.py 8123"
    assert plan[-1].endswith("manage.py runserver 127.0.0.1:8123")
