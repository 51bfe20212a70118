"""Soak and fault test (issue 7): 50 clients reading, enrolling and rating for a
minute, then again while memcached is stopped, while it hangs, and while PostgreSQL
restarts; no 5xx where none is allowed, and no write answered with success is lost.

    python bench/soak.py [--seconds 60] [--clients 50] [--fault-seconds 10]
                         [--pg-down-seconds 0]

Everything runs on loopback against services of its own (bench/services.py): a
private PostgreSQL cluster and memcached on free ports, and gunicorn with production
settings (2 sync workers). The shared PostgreSQL and memcached are never touched.
A second gunicorn (1 worker, same database and cache) answers the /healthz probe
every 100 ms, so that its timing does not wait behind the load's queue.

Phases, each with the clients running throughout:
  steady            plain load; no 5xx, no connection error, no 4xx; /healthz "ok".
  memcached-stopped memcached is stopped (SIGTERM: connections refused), then started
                    again on the same port; no 5xx; /healthz stays 200, "degraded"
                    (never 503: the cache is shared by every server), then "ok"
                    again, and cache hits return.
  memcached-hung    memcached is frozen (SIGSTOP: connections accepted, never
                    answered), then resumed; same checks.
  postgres-restart  `pg_ctl restart -m fast` (or stop, --pg-down-seconds, start);
                    /healthz answers 503 only within the restart, for a short
                    window, and 5xx happen only inside it.
After every phase the database is read back: each client's user has exactly the
enrolments and ratings it was told succeeded (a write answered 5xx, or not at all,
may or may not be stored and is only reported), and every meal's stored average and
count match a fresh aggregate of its ratings.

Performance target, reported apart from those checks: the catalogue's p50 in the
steady phase under 50 ms (P50_TARGETS_MS in soak_checks.py); the p50 and p99 of
every action are reported.

Results go to bench/results/soak.{json,md}; the exit status is 1 if any check fails,
else 2 if a performance target is missed, else 0.

Its parts: soak_clients.py (the clients, the /healthz probe), soak_phases.py (the
phases and their faults), soak_accounting.py (the writes told against the
database), soak_checks.py (PASS/FAIL, the performance target, the exit status),
soak_report.py; bench/services.py starts the private servers.
"""

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import gunicorn, production_environment, save_results
from bench.services import (
    free_port,
    private_memcached,
    private_postgres,
)
from bench.soak_checks import exit_status, performance_checks
from bench.soak_clients import MIX, Client, call
from bench.soak_phases import LEAD, TAIL, phases, soak
from bench.soak_report import report, steady_latency

TOKEN_LIFETIME = 600  # SIMPLE_JWT's ACCESS_TOKEN_LIFETIME, minted at seeding
SEED_SIZES = {
    "subjects": 4,
    "instructors": 5,
    "courses": 20,
    "modules": 100,
    "contents": 500,
    "students": 300,
    "enrolments_per_student": 2,
    "meals": 100,
    "ratings": 3000,
}


# Seeding: runs in a subprocess with the server's environment.


def seed(clients: int) -> dict:
    """Migrate, collect the static files and seed a small bench data set; returns
    each client user's token and starting enrolments and ratings, and the site."""
    import io

    import django

    django.setup()
    from django.core.management import call_command
    from rest_framework_simplejwt.tokens import AccessToken

    from accounts.models import User
    from courses.models import Course
    from meals.models import Meal, Rating

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    sizes = [f"--{k.replace('_', '-')}={v}" for k, v in SEED_SIZES.items()]
    call_command("seed_bench", "--force", *sizes, stdout=io.StringIO())

    names = [f"bench-student-{n}" for n in range(1, clients + 1)]
    users = []
    for user in User.objects.filter(username__in=names).order_by("pk"):
        ratings = Rating.objects.filter(user=user).values_list("meal_id", "stars")
        users.append(
            {
                "id": user.pk,
                "token": str(AccessToken.for_user(user)),
                "enrolled": list(user.courses_joined.values_list("pk", flat=True)),
                "stars": {str(meal): stars for meal, stars in ratings},
            }
        )
    return {
        "users": users,
        "courses": list(Course.objects.values("pk", "slug")),
        "meals": list(Meal.objects.values_list("pk", flat=True)),
    }


# Setup


def server_environment(postgres, memcached, scratch: Path) -> dict[str, str]:
    # production_environment() insists on a memcached: ours.
    os.environ["MEMCACHED_SERVERS"] = memcached.address
    static = scratch / "static"
    static.mkdir()
    return {
        **production_environment(),
        "DATABASE_URL": postgres.create_database("educa_soak"),
        "MEMCACHED_SERVERS": memcached.address,
        "PORT": str(free_port()),
        "STATIC_ROOT": str(static),
        "CACHE_KEY_PREFIX": "educa-soak",
    }


def seeded_site(env: dict[str, str], clients: int) -> dict:
    """Seed through a subprocess with the server's environment (settings are read
    at import, so not in this process)."""
    done = subprocess.run(
        [sys.executable, __file__, "--seed", "--clients", str(clients)],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"FAIL: seeding failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def port_of(base_url: str) -> int:
    return int(base_url.rsplit(":", 1)[1])


def warm_up(client: Client) -> None:
    """A few reads of each kind before the clock starts, so that the steady phase
    does not time the workers' first requests and an empty cache."""
    for action in ("catalogue", "course_page", "api_courses", "api_meals"):
        for _ in range(4):
            request = getattr(client, action)()
            call(client.port, "GET", request.path, client.token, timeout=30)


def interrupt(signum, frame):
    """SIGTERM as Ctrl-C: the finally blocks stop the private servers."""
    raise KeyboardInterrupt


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="steady phase")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument(
        "--fault-seconds", type=int, default=10, help="memcached down or hung"
    )
    parser.add_argument(
        "--pg-down-seconds",
        type=int,
        default=0,
        help="0: pg_ctl restart; else stop, wait that long, start",
    )
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    load = args.seconds + 2 * (LEAD + args.fault_seconds + TAIL)
    load += LEAD + args.pg_down_seconds + TAIL + 10
    if load > TOKEN_LIFETIME - 60:
        parser.error(f"{load} s of load: the clients' tokens last {TOKEN_LIFETIME} s")
    if not 1 <= args.clients <= SEED_SIZES["students"]:
        parser.error(f"--clients: 1 to {SEED_SIZES['students']} (bench students)")
    return args


def main() -> int:
    args = parse_args()
    if args.seed:
        print(json.dumps(seed(args.clients)))
        return 0
    # Both as KeyboardInterrupt, so the finally blocks stop the private servers
    # (SIGINT too: a shell starting us in the background may have ignored it).
    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    began = time.monotonic()
    with ExitStack() as stack:  # closed in reverse: servers first, files last
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        postgres = stack.enter_context(private_postgres())
        memcached = stack.enter_context(private_memcached())
        env = server_environment(postgres, memcached, scratch)
        site = seeded_site(env, args.clients)
        log_path = scratch / "gunicorn.log"
        port = port_of(stack.enter_context(gunicorn(env, log=log_path)))
        probe_env = {**env, "PORT": str(free_port()), "WEB_CONCURRENCY": "1"}
        probe = stack.enter_context(gunicorn(probe_env, log=scratch / "probe.log"))
        clients = [
            Client(port, user, site, random.Random(n))
            for n, user in enumerate(site["users"])
        ]
        warm_up(clients[0])
        phase_results = soak(
            phases(args, memcached, postgres),
            clients,
            port_of(probe),
            memcached,
            env["DATABASE_URL"],
            log_path,
        )
    steady = steady_latency(phase_results, len(clients))
    targets = performance_checks(steady)
    results = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "total_seconds": round(time.monotonic() - began),
        "setup": {
            "clients": len(clients),
            "postgresql": postgres.bindir.parent.name,
            "mix": MIX,
            "data": SEED_SIZES,
            "arguments": vars(args),
        },
        "phases": phase_results,
        "passed": all(c["ok"] for p in phase_results for c in p["checks"]),
        "steady_latency_ms": steady,
        "performance": {"targets": targets, "passed": all(c["ok"] for c in targets)},
    }
    save_results("soak", results, report(results))
    return exit_status(results["passed"], results["performance"]["passed"])


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("soak: interrupted (the private servers are stopped and removed)")
