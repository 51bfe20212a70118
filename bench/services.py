"""Private, throwaway services for the soak test: a PostgreSQL cluster, a memcached
and a gunicorn whose log is kept, all on free loopback ports.

The soak stops and restarts its database and cache on purpose. The machine's shared
PostgreSQL (5432) and memcached (11211...) serve other people's tests, so it must
never touch them: everything here is started from scratch in a temporary directory
and removed again by the context managers, whatever happens.
"""

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_USER = "postgres"  # the OS user the cluster runs as when we are root


def free_port() -> int:
    """A loopback port nothing listens on (the kernel's pick)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def postgres_bindir() -> Path:
    """The newest installed PostgreSQL's bin directory; exits when there is none.

    A soak that quietly fell back to SQLite would "pass" its PostgreSQL restart
    without restarting anything, so a missing server is an error, not a skip.
    """
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parent.parent.name),
    )
    initdb = found[-1] if found else shutil.which("initdb")
    if not initdb:
        sys.exit(
            "FAIL: the soak needs PostgreSQL's server binaries (initdb, pg_ctl, "
            "postgres) to run a private cluster; none found under "
            "/usr/lib/postgresql/*/bin or on PATH (apt-get install postgresql)."
        )
    return Path(initdb).parent


class PrivatePostgres:
    """A PostgreSQL cluster of our own in a temporary directory (trust auth,
    loopback only), which the soak may stop and restart as it pleases."""

    def __init__(self):
        self.bindir = postgres_bindir()
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="educa-soak-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        # initdb refuses to run as root: the cluster belongs to `postgres` then.
        self.as_owner = ["runuser", "-u", PG_USER, "--"] if os.geteuid() == 0 else []
        if self.as_owner:
            shutil.chown(self.root, PG_USER, PG_USER)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, tool: str, *args: str) -> None:
        command = [*self.as_owner, str(self.bindir / tool), *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{tool} failed: {done.stderr or done.stdout}")

    def _pg_ctl(self, *args: str) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", *args)

    def start(self) -> None:
        if not self.data.exists():
            self._run(
                "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--no-instructions",
            )  # fmt: skip
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        self._pg_ctl("-o", options, "start")

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "stop")

    def restart(self) -> None:
        """A fast restart: sessions are cut, the server is back once it accepts."""
        self._pg_ctl("-m", "fast", "restart")

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def destroy(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._pg_ctl("-m", "immediate", "stop")
        except RuntimeError as error:  # it may have stopped on a Ctrl-C of its own
            print(f"soak: {error}", file=sys.stderr)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


class PrivateMemcached:
    """A memcached of our own that can be stopped, started again on the same port,
    or frozen (SIGSTOP: connections are accepted but never answered)."""

    def __init__(self):
        self.binary = shutil.which("memcached")
        if not self.binary:
            sys.exit("FAIL: the soak needs memcached (apt-get install memcached).")
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        user = ["-u", "nobody"] if os.geteuid() == 0 else []
        self.process = subprocess.Popen(
            [self.binary, "-l", "127.0.0.1", "-p", str(self.port), "-m", "64", *user],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        """SIGTERM and wait: the port refuses connections until `start`."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a frozen one cannot exit
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def freeze(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stats(self) -> dict[str, int]:
        """memcached's counters (get_hits, curr_items...); empty when unreachable."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"stats\r\n")
                data = b""
                while not data.endswith(b"END\r\n"):
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    data += chunk
        except OSError:
            return {}
        stats = {}
        for line in data.decode().splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] == "STAT" and parts[2].isdigit():
                stats[parts[1]] = int(parts[2])
        return stats


@contextmanager
def private_postgres():
    """A started PrivatePostgres, stopped and deleted on the way out."""
    server = PrivatePostgres()
    try:
        server.start()
        yield server
    finally:
        server.destroy()


@contextmanager
def private_memcached():
    """A started PrivateMemcached, stopped on the way out."""
    server = PrivateMemcached()
    try:
        server.start()
        yield server
    finally:
        server.stop()
