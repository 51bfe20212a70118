"""Servers the tests start in processes of their own: gunicorn, daphne, nginx and
memcached. Only tests marked `server` may start them (educa/tests/tiers.py).

Each takes an address nobody else can take meanwhile: a listening socket this
process binds on a port the kernel picks and hands to the child (gunicorn,
daphne, nginx), or a port the child picks itself and reports (memcached). Each is
ready once it gives its health answer (an HTTP 200, memcached's VERSION), not
once a socket connects; its output goes to a log shown when it fails to start;
and it is stopped on leaving the block, whatever happened in it.
"""

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from educa.tests.helpers import require_service

# Long enough for a loaded 2-core machine (a gunicorn worker importing Django
# while two other test suites run); a server that dies says so at once anyway.
START_SECONDS = 60
# Only loopback is ever contacted: a proxy from the environment must not be used.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def listening_socket() -> socket.socket:
    """A loopback TCP socket, listening, on a port the kernel picked.

    Handed to a server, it is the server's at once: no other process can bind
    the port in between, and a connection made before the server accepts waits
    in the backlog instead of being refused.
    """
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    return sock


def address(sock: socket.socket) -> str:
    host, port = sock.getsockname()
    return f"{host}:{port}"


def _log_tail(log: Path | None, lines: int = 40) -> str:
    if log is None:
        return "(no log: a server in this process)"
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop(process: subprocess.Popen, seconds: float = 30) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def _running(
    command: list, log: Path, *, sockets=(), env=None
) -> Iterator[subprocess.Popen]:
    """Start `command` with `sockets` inherited, output to `log`; stop it on leaving."""
    fds = [sock.fileno() for sock in sockets]
    with log.open("ab") as output:
        process = subprocess.Popen(
            [str(part) for part in command],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            pass_fds=fds,
        )
    # The child holds the sockets now; this process's copies would only keep
    # the ports busy after the child is gone.
    for sock in sockets:
        sock.close()
    try:
        yield process
    finally:
        _stop(process)


def wait_for_http(
    url: str,
    process: subprocess.Popen | None = None,
    log: Path | None = None,
    **headers,
) -> None:
    """Return once GET `url` answers 200; fail at once if the server `process`
    exits, and after START_SECONDS if it never answers so."""
    request = urllib.request.Request(url, headers=headers)
    deadline = time.monotonic() + START_SECONDS
    last = "no answer"
    while True:
        if process is not None and process.poll() is not None:
            raise AssertionError(
                f"{url}: the server exited ({process.returncode}) before answering"
                f" 200:\n{_log_tail(log)}"
            )
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(
                f"{url}: no 200 in {START_SECONDS} s ({last}):\n{_log_tail(log)}"
            )
        try:
            with _opener.open(request, timeout=left) as response:
                if response.status == 200:
                    return
                last = f"HTTP {response.status}"
        except urllib.error.HTTPError as error:  # up, but not healthy yet
            last = f"HTTP {error.code}"
        except OSError as error:  # reset by a worker restarting, or timed out
            last = repr(error)
        time.sleep(0.1)


@contextmanager
def _serving(command_for, env: dict[str, str], log: Path) -> Iterator[str]:
    """Run `command_for(fd)`, a server told to serve on the listening socket of
    that fd; yield its base URL once /healthz answers 200."""
    sock = listening_socket()
    base = f"http://{address(sock)}"
    command = command_for(sock.fileno())
    with _running(command, log, sockets=[sock], env=env) as process:
        wait_for_http(f"{base}/healthz", process, log)
        yield base


@contextmanager
def gunicorn(env: dict[str, str], log: Path) -> Iterator[str]:
    """`gunicorn -c gunicorn.conf.py educa.wsgi` (WEB_CONCURRENCY workers, from
    `env`) on a socket of its own; yields its base URL once /healthz answers 200."""

    def command(fd: int) -> list:
        return [
            Path(sys.executable).with_name("gunicorn"),
            *("-c", "gunicorn.conf.py", "--bind", f"fd://{fd}"),
            *("--access-logfile", "/dev/null", "educa.wsgi"),
        ]

    with _serving(command, env, log) as base:
        yield base


@contextmanager
def daphne(env: dict[str, str], log: Path) -> Iterator[str]:
    """`daphne educa.asgi:application` on a socket of its own; yields its base URL
    once /healthz answers 200."""

    def command(fd: int) -> list:
        return [
            Path(sys.executable).with_name("daphne"),
            *("--fd", fd, "educa.asgi:application"),
        ]

    with _serving(command, env, log) as base:
        yield base


NGINX = Path("/usr/sbin/nginx")


@contextmanager
def nginx(
    directory: Path, config: Path, sockets: list[socket.socket], health: str
) -> Iterator[None]:
    """nginx with `config` (prefix `directory`), serving on `sockets`, until the
    end of the block; ready once `health` (a URL through it) answers 200.

    nginx adopts the listening sockets named in its NGINX variable (its binary
    upgrade mechanism) when their addresses match `listen` lines of the config,
    so `config` must listen on exactly the sockets' addresses.
    """
    if not NGINX.exists():
        require_service(f"needs nginx at {NGINX}")
    log = directory / "error.log"
    inherited = "".join(f"{sock.fileno()};" for sock in sockets)
    command = [
        NGINX,
        *("-p", directory, "-c", config, "-e", log, "-g", "daemon off;"),
    ]
    env = {**os.environ, "NGINX": inherited}
    with _running(command, log, sockets=sockets, env=env) as process:
        wait_for_http(health, process, log, Host="localhost")
        yield


@contextmanager
def memcached() -> Iterator[str]:
    """A memcached of our own on a port it picks (-p -1) and writes to the file
    named by MEMCACHED_PORT_FILENAME; yields "host:port" once it answers
    `version`."""
    binary = shutil.which("memcached")
    if binary is None:
        require_service("needs the memcached binary")
    with tempfile.TemporaryDirectory(prefix="educa-test-memcached-") as directory:
        as_root = os.geteuid() == 0
        if as_root:  # it writes the port file after dropping to nobody
            os.chown(directory, pwd.getpwnam("nobody").pw_uid, -1)
        ports = Path(directory, "ports")
        log = Path(directory, "memcached.log")
        command = [binary, *("-l", "127.0.0.1", "-p", "-1", "-U", "0", "-m", "64")]
        if as_root:
            command += ["-u", "nobody"]
        env = {**os.environ, "MEMCACHED_PORT_FILENAME": str(ports)}
        with _running(command, log, env=env) as process:
            port = _reported_port(ports, process, log)
            _wait_for_version(port, process, log)
            yield f"127.0.0.1:{port}"


def _reported_port(ports: Path, process: subprocess.Popen, log: Path) -> int:
    # memcached writes "TCP INET: <port>" to a .lck file, then renames it.
    deadline = time.monotonic() + START_SECONDS
    while not ports.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"memcached reported no port:\n{_log_tail(log)}")
        time.sleep(0.02)
    for line in ports.read_text().splitlines():
        if line.startswith("TCP INET:"):
            return int(line.split(":")[1])
    raise AssertionError(f"memcached reported no TCP port: {ports.read_text()!r}")


def _wait_for_version(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.sendall(b"version\r\n")
                if sock.recv(64).startswith(b"VERSION "):
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"memcached never answered:\n{_log_tail(log)}")
        time.sleep(0.05)
