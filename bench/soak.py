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
steady phase under 50 ms (P50_TARGETS_MS); the p50 and p99 of every action are
reported.

Results go to bench/results/soak.{json,md}; the exit status is 1 if any check fails,
else 2 if a performance target is missed, else 0.
"""

import argparse
import http.client
import json
import math
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import gunicorn, production_environment, save_results
from bench.services import (
    free_port,
    private_memcached,
    private_postgres,
)

# A client waits longer than gunicorn's 30 s worker timeout: a request it gives up
# on has been killed by then, so it cannot land after the client's next write.
CLIENT_TIMEOUT = 35
PROBE_EVERY = 0.1  # seconds between two /healthz probes
LEAD, TAIL = 5, 15  # seconds of load before a fault, and after it ends
HEALTHZ_WINDOW_LIMIT = 15  # seconds /healthz may stay unhealthy over a restart
# Seconds after the restart's end a probe may still answer 503 (or the outage
# window of 5xx may last): one under way when the server came back.
RESTART_GRACE = 1.0
# Seconds for /healthz to see memcached again. pymemcache takes a dead server back
# only once it has been dead dead_timeout (5 s) and its last dead-server check is
# 5 s old: up to about 8 s after a return, measured 4-8 s; 15 leaves room for a
# busy machine.
CACHE_RECOVERY_LIMIT = 15
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
# What a client does next, and how often (weights).
MIX = {
    "catalogue": 15,
    "course_page": 15,
    "api_courses": 10,
    "api_meals": 15,
    "api_contents": 10,
    "enroll": 10,
    "rate_meal": 25,
}
WRITES = {"enroll", "rate_meal"}
# Performance targets, kept apart from the correctness checks: an action's p50 in
# the steady phase, in ms. A miss alone makes the exit status 2 (1: a check failed).
P50_TARGETS_MS = {"catalogue": 50}


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


# HTTP


def call(port: int, method: str, path: str, token=None, body=None, timeout=None):
    """(status, body) of one request on a fresh connection (gunicorn's sync workers
    close every connection anyway); the status is the exception's name when there
    was no answer."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    except (OSError, http.client.HTTPException) as error:
        return type(error).__name__, b""
    finally:
        conn.close()


def kind(status) -> str:
    """The status's class ("2xx".."5xx"), or "error" for no answer at all."""
    return f"{status // 100}xx" if isinstance(status, int) else "error"


# Clients


@dataclass
class Writes:
    """What one client's user holds, as far as the answers it got tell.

    A write answered 2xx is stored for sure. One answered 5xx, or not at all, may
    or may not be: it is kept apart as "unsure" until a later success overrides it.
    Each client is one user sending one request at a time, so for a given course or
    meal the last answered write is the one the database must hold.
    """

    enrolled: set[int]  # seeded, or answered 2xx
    stars: dict[int, int]  # meal -> seeded or last stars answered 2xx
    enrol_unsure: set[int] = field(default_factory=set)
    stars_unsure: dict[int, set[int]] = field(default_factory=dict)
    created: int = 0  # ratings answered 201 (new)
    new_meals: set[int] = field(default_factory=set)  # rated first in this soak

    def record(self, action: str, target: int, stars: int | None, status) -> None:
        success = kind(status) == "2xx"
        unsure = kind(status) in ("5xx", "error")
        if action == "enroll":
            if success:
                self.enrolled.add(target)
            elif unsure and target not in self.enrolled:
                self.enrol_unsure.add(target)
        elif success:
            if target not in self.stars:
                self.new_meals.add(target)
            self.stars[target] = stars
            self.stars_unsure.pop(target, None)
            self.created += status == 201
        elif unsure:
            self.stars_unsure.setdefault(target, set()).add(stars)


class Request(NamedTuple):
    method: str
    path: str
    signed: bool = False  # sent with the client's bearer token
    body: dict | None = None
    target: int | None = None  # the course or meal a write is about
    stars: int | None = None


class Client:
    """One bench student, looping over the weighted mix until told to stop."""

    def __init__(self, port: int, user: dict, site: dict, rng: random.Random):
        self.port, self.rng = port, rng
        self.user_id, self.token = user["id"], user["token"]
        self.courses, self.meals = site["courses"], site["meals"]
        self.writes = Writes(
            enrolled=set(user["enrolled"]),
            stars={int(meal): stars for meal, stars in user["stars"].items()},
        )

    def run(self, stop: threading.Event, run: "Run") -> None:
        """Send requests until `stop`; log (start, end, action, status) of each,
        and keep the first body of every failure (what a client was told)."""
        actions, weights = list(MIX), list(MIX.values())
        while not stop.is_set():
            action = self.rng.choices(actions, weights)[0]
            request = getattr(self, action)()
            token = self.token if request.signed else None
            started = time.monotonic()
            status, body = call(
                self.port, request.method, request.path, token, request.body,
                CLIENT_TIMEOUT,
            )  # fmt: skip
            run.log.append((started, time.monotonic(), action, status))
            if kind(status) in ("5xx", "error"):
                answer = body[:300].decode(errors="replace")
                run.failures.setdefault(f"{action} {status}", answer)
            if action in WRITES:
                self.writes.record(action, request.target, request.stars, status)

    # The mix: anonymous pages and lists, the caller's meal list (with its own
    # stars) and course contents, and the two writes.

    def catalogue(self) -> Request:
        return Request("GET", "/")

    def course_page(self) -> Request:
        return Request("GET", f"/course/{self.rng.choice(self.courses)['slug']}/")

    def api_courses(self) -> Request:
        return Request("GET", "/api/courses/")

    def api_meals(self) -> Request:
        return Request("GET", "/api/meals/?ordering=-avg_rating", signed=True)

    def api_contents(self) -> Request:
        course = self.rng.choice(sorted(self.writes.enrolled))
        return Request("GET", f"/api/courses/{course}/contents/", signed=True)

    def enroll(self) -> Request:
        course = self.rng.choice(self.courses)["pk"]
        return Request("POST", f"/api/courses/{course}/enroll/", True, target=course)

    def rate_meal(self) -> Request:
        meal, stars = self.rng.choice(self.meals), self.rng.randint(1, 5)
        path = f"/api/meals/{meal}/rate_meal/"
        return Request("POST", path, True, {"stars": stars}, meal, stars)


class HealthProbe:
    """GET /healthz every PROBE_EVERY seconds, as a load balancer would, and log
    (answered at, status, its "status" field, what it said is down).

    It asks a server of its own (one worker, same database and cache): through the
    loaded one each probe would wait its turn behind 50 clients, 0.5-2 s here, and
    the window of 503s could not be timed to better than that."""

    def __init__(self, port: int):
        self.port = port
        self.samples: list[tuple[float, int | str, str, str]] = []

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            started = time.monotonic()
            status, body = call(self.port, "GET", "/healthz", timeout=10)
            self.samples.append((time.monotonic(), status, *health_answer(body)))
            stop.wait(max(0.0, PROBE_EVERY - (time.monotonic() - started)))


def health_answer(body: bytes) -> tuple[str, str]:
    """What a /healthz body says: its "status" ("ok", "degraded" or "down") and
    the services it names as not ok ("cache", "database"...); blanks for a body
    that is not its JSON (no answer, or an error page)."""
    try:
        answer = json.loads(body)
        down = ",".join(k for k, v in answer.items() if k != "status" and v != "ok")
        return str(answer.get("status", "")), down
    except (ValueError, AttributeError):
        return "", ""


# Phases and faults


@dataclass
class Run:
    """What happened during one phase, in time.monotonic() seconds."""

    name: str
    seconds: float
    started: float = 0.0
    log: list = field(default_factory=list)  # (start, end, action, status)
    probes: list = field(default_factory=list)  # (answered, status, says, down)
    events: dict[str, float] = field(default_factory=dict)  # fault_start/_end
    cache_stats: dict[str, dict] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)  # first body of each

    def at(self, moment: float) -> float:
        """Seconds from the fault's start (or the phase's, when there is none)."""
        return round(moment - self.events.get("fault_start", self.started), 2)


Fault = Callable[[Run], None]


def run_phase(run: Run, clients: list[Client], probe_port: int, fault: Fault | None):
    """Every client and the probe for `run.seconds`; the fault, if any, runs in
    this thread meanwhile and times itself from `run.started`."""
    stop = threading.Event()
    probe = HealthProbe(probe_port)
    threads = [
        threading.Thread(target=client.run, args=(stop, run), daemon=True)
        for client in clients
    ]
    threads.append(threading.Thread(target=probe.run, args=(stop,), daemon=True))
    run.started = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        if fault:
            fault(run)
        sleep_until(run.started + run.seconds)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        run.probes = probe.samples


def sleep_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.monotonic()))


def memcached_stopped(memcached, seconds: float) -> Fault:
    """Stop memcached (refused connections) for `seconds`, then start it again on
    the same port: empty, as after a crash."""
    return memcached_fault(memcached, seconds, memcached.stop, memcached.start)


def memcached_hung(memcached, seconds: float) -> Fault:
    """Freeze memcached (SIGSTOP) for `seconds`: the kernel still accepts its
    connections, nobody answers: only the cache client's timeouts save a request
    from hanging."""
    return memcached_fault(memcached, seconds, memcached.freeze, memcached.thaw)


def memcached_fault(memcached, seconds: float, begin, end) -> Fault:
    """`begin()` the fault, hold it `seconds`, `end()` it; memcached's stats then."""

    def fault(run: Run) -> None:
        sleep_until(run.started + LEAD)
        run.events["fault_start"] = time.monotonic()
        begin()
        time.sleep(seconds)
        end()
        run.events["fault_end"] = time.monotonic()
        run.cache_stats["at_return"] = memcached.stats()

    return fault


def postgres_restarted(postgres, down_seconds: float) -> Fault:
    """`pg_ctl restart -m fast` (sessions cut, back once it accepts), or with
    `down_seconds` a stop, that long a pause, and a start."""

    def fault(run: Run) -> None:
        sleep_until(run.started + LEAD)
        run.events["fault_start"] = time.monotonic()
        if down_seconds:
            postgres.stop()
            time.sleep(down_seconds)
            postgres.start()
        else:
            postgres.restart()
        run.events["fault_end"] = time.monotonic()

    return fault


# What happened: requests, /healthz, the server's log


def request_summary(run: Run) -> dict:
    """Counts per status and per action, throughput and latencies."""
    statuses: dict[str, Counter] = defaultdict(Counter)
    latencies: dict[str, list[float]] = defaultdict(list)
    for started, ended, action, status in run.log:
        statuses[action][str(status)] += 1
        latencies[action].append(ended - started)
    every = sum(statuses.values(), Counter())
    return {
        "requests": len(run.log),
        "per_second": round(len(run.log) / run.seconds),
        "statuses": dict(sorted(every.items())),
        "by_kind": dict(Counter(kind(s) for *_, s in run.log)),
        "timeline": timeline(run),
        "actions": {
            action: {
                "requests": sum(statuses[action].values()),
                "statuses": dict(sorted(statuses[action].items())),
                "p50_ms": percentile_ms(latencies[action], 0.50),
                "p99_ms": percentile_ms(latencies[action], 0.99),
                "max_ms": percentile_ms(latencies[action], 1.0),
            }
            for action in MIX
            if action in statuses
        },
    }


def timeline(run: Run) -> dict:
    """Answers per second of the phase, counted from the fault's start (negative
    before it): 2xx and anything else, to see a fault's dip and the recovery."""
    origin = run.events.get("fault_start", run.started)
    first = math.floor(run.started - origin)
    ok = [0] * (int(run.seconds) + 2)
    other = [0] * len(ok)
    for _, ended, _, status in run.log:
        second = min(math.floor(ended - origin) - first, len(ok) - 1)
        (ok if kind(status) == "2xx" else other)[second] += 1
    return {"from_s": first, "2xx": ok, "other": other}


def percentile_ms(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def health_summary(run: Run) -> dict:
    """The /healthz probes: counts, and when they went bad (not 200: a load
    balancer would pull the server), "degraded" (200, the cache down) and came
    back, in seconds from the fault's start."""
    probes = run.probes
    bad = [p for p in probes if p[1] != 200]
    not_ok = [p for p in probes if p[1] != 200 or p[2] != "ok"]
    degraded = [p for p in probes if p[1] == 200 and p[2] == "degraded"]
    fault_end = run.events.get("fault_end")
    # Healthy again: the first 200 after both the last bad probe and the fault;
    # "ok" again: the first 200 "ok" after the last probe that was not.
    back = first_after(probes, bad, fault_end, lambda p: p[1] == 200)
    ok = first_after(probes, not_ok, fault_end, lambda p: p[1] == 200 and p[2] == "ok")
    summary = {
        "probes": len(probes),
        "statuses": dict(Counter(str(p[1]) for p in probes)),
        "says": dict(Counter(p[2] or "?" for p in probes)),
        "down": dict(Counter(p[3] for p in not_ok)),
        "last_status": probes[-1][1] if probes else None,
        "last_says": probes[-1][2] if probes else None,
        "healthy_again_at_s": run.at(back) if back else None,
        "ok_again_at_s": run.at(ok) if ok else None,
    }
    if bad:
        summary |= {
            "first_bad_at_s": run.at(bad[0][0]),
            "last_bad_at_s": run.at(bad[-1][0]),
            "unhealthy_for_s": round((back or bad[-1][0]) - bad[0][0], 2),
        }
    if degraded:
        summary |= {
            "first_degraded_at_s": run.at(degraded[0][0]),
            "last_degraded_at_s": run.at(degraded[-1][0]),
        }
    if fault_end and back:
        summary["healthy_after_fault_end_s"] = round(max(0.0, back - fault_end), 2)
    if fault_end and ok:
        summary["ok_after_fault_end_s"] = round(max(0.0, ok - fault_end), 2)
    return summary


def first_after(probes: list, failed: list, fault_end, good) -> float | None:
    """When the first `good` probe answered after both the last of `failed` and
    the fault's end; None if none did."""
    after = max([p[0] for p in failed[-1:]] + [fault_end or 0.0])
    return next((p[0] for p in probes if good(p) and p[0] > after), None)


def outage_window(run: Run, grace: float = RESTART_GRACE) -> tuple[float, float] | None:
    """From the fault's start until /healthz was healthy again, plus `grace`: where
    5xx are allowed in the PostgreSQL phase."""
    if "fault_start" not in run.events:
        return None
    health = health_summary(run)
    back = health["healthy_again_at_s"]
    end = run.events["fault_start"] + (back if back is not None else run.seconds)
    end = max(end, run.events["fault_end"])
    return run.events["fault_start"], end + grace


def overlaps(entry: tuple, window: tuple[float, float] | None) -> bool:
    """Whether a logged request was under way at some time inside the window."""
    return window is not None and entry[0] <= window[1] and entry[1] >= window[0]


def outside(log: list, window: tuple[float, float] | None) -> list:
    """The requests that did not overlap the window (all of them without one)."""
    return [entry for entry in log if not overlaps(entry, window)]


EXCEPTION_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception)): ?(.*)$", re.M)
SERVER_ERROR = re.compile(r"Internal Server Error: (\S+)")


def log_summary(text: str) -> dict:
    """gunicorn's error log over a phase: the 500s Django logged (by path, ids
    folded), the exceptions of the tracebacks, and worker timeouts."""
    exceptions = Counter(m.group(1) for m in EXCEPTION_LINE.finditer(text))
    examples = {}
    for match in EXCEPTION_LINE.finditer(text):
        examples.setdefault(match.group(1), match.group(2)[:200])
    paths = Counter(
        re.sub(r"/[\w-]+-\d+/|/\d+/", "/<id>/", m.group(1))
        for m in SERVER_ERROR.finditer(text)
    )
    return {
        "internal_server_errors": dict(paths),
        "exceptions": dict(exceptions),
        "exception_examples": examples,
        "health_check_errors": text.count("health check:"),
        "worker_timeouts": text.count("WORKER TIMEOUT"),
    }


# The database, read back


def verify_database(url: str, clients: list[Client]) -> dict:
    """Every client user's enrolments and ratings against what it was answered,
    and every meal's stored stats against its ratings."""
    import psycopg

    ids = [client.user_id for client in clients]
    enrolled, stars = defaultdict(set), defaultdict(dict)
    with psycopg.connect(url) as conn:
        for user, course in conn.execute(
            "SELECT user_id, course_id FROM courses_course_students "
            "WHERE user_id = ANY(%s)",
            [ids],
        ):
            enrolled[user].add(course)
        for user, meal, value in conn.execute(
            "SELECT user_id, meal_id, stars FROM meals_rating WHERE user_id = ANY(%s)",
            [ids],
        ):
            stars[user][meal] = value
        meals = conn.execute(
            "SELECT m.id, m.avg_rating, m.no_of_ratings, "
            "COALESCE(SUM(r.stars), 0), COUNT(r.id) FROM meals_meal m "
            "LEFT JOIN meals_rating r ON r.meal_id = m.id GROUP BY m.id"
        ).fetchall()
    return {
        "enrolments": compare_enrolments(clients, enrolled),
        "ratings": compare_ratings(clients, stars),
        "meal_stats": compare_meal_stats(meals),
    }


def compare_enrolments(clients: list[Client], stored: dict) -> dict:
    lost, unexplained, unsure, unsure_stored = [], [], 0, 0
    for client in clients:
        mine, writes = stored[client.user_id], client.writes
        lost += [[client.user_id, c] for c in sorted(writes.enrolled - mine)]
        extra = mine - writes.enrolled - writes.enrol_unsure
        unexplained += [[client.user_id, c] for c in sorted(extra)]
        unsure += len(writes.enrol_unsure - writes.enrolled)
        unsure_stored += len((writes.enrol_unsure - writes.enrolled) & mine)
    return discrepancies(
        expected=sum(len(c.writes.enrolled) for c in clients),
        stored=sum(len(stored[c.user_id]) for c in clients),
        unsure=unsure,
        unsure_stored=unsure_stored,
        lost=lost,
        unexplained=unexplained,
    )


def compare_ratings(clients: list[Client], stored: dict) -> dict:
    """Per (user, meal): the stored stars must be the last ones answered 2xx (or
    seeded), or ones sent after those whose answer never came or was a 5xx."""
    lost, unexplained, unsure, unsure_stored = [], [], 0, 0
    for client in clients:
        mine, writes = stored[client.user_id], client.writes
        unsure += len(writes.stars_unsure)
        for meal in set(mine) | set(writes.stars) | set(writes.stars_unsure):
            known = writes.stars.get(meal)  # None: no rating, as far as we know
            actual = mine.get(meal)
            if actual == known:
                continue
            if actual in writes.stars_unsure.get(meal, set()):
                unsure_stored += 1
                continue
            entry = [client.user_id, meal, known, actual]
            (lost if known is not None else unexplained).append(entry)
    result = discrepancies(
        expected=sum(len(c.writes.stars) for c in clients),
        stored=sum(len(stored[c.user_id]) for c in clients),
        unsure=unsure,
        unsure_stored=unsure_stored,
        lost=lost,
        unexplained=unexplained,
    )
    # Each meal rated first in the soak was answered 201 once, then 200.
    result["answered_201"] = sum(c.writes.created for c in clients)
    result["new_pairs"] = sum(len(c.writes.new_meals) for c in clients)
    return result


def discrepancies(*, expected, stored, unsure, unsure_stored, lost, unexplained):
    """The figures of one comparison; "unsure_stored" counts writes answered 5xx
    (or not at all) that were stored all the same (at least: one that wrote the
    value already there cannot be told apart)."""
    return {
        "expected": expected,
        "stored": stored,
        "unsure": unsure,
        "unsure_stored": unsure_stored,
        "lost": len(lost),
        "unexplained": len(unexplained),
        "examples": (lost + unexplained)[:10],
        "exact": stored == expected and not lost and not unexplained,
    }


def compare_meal_stats(rows: list) -> dict:
    """Stored average and count against a fresh aggregate, rounded as
    meals.services.meal_refresh_stats rounds (a float, to 2 places)."""
    wrong = []
    for meal, average, count, total, fresh_count in rows:
        fresh = round(total / fresh_count, 2) if fresh_count else None
        fresh_average = None if fresh is None else Decimal(str(fresh))
        if count != fresh_count or average != fresh_average:
            wrong.append([meal, str(average), count, str(fresh_average), fresh_count])
    return {"meals": len(rows), "mismatched": len(wrong), "examples": wrong[:10]}


# Checks


def check(name: str, ok: bool, detail: str) -> dict:
    return {"check": name, "ok": bool(ok), "detail": detail}


def traffic_checks(run: Run, window: tuple[float, float] | None) -> list[dict]:
    """No 5xx, no 4xx and no request left unanswered (outside the window)."""
    rest = outside(run.log, window)
    kinds = Counter(kind(status) for *_, status in rest)
    where = " outside the outage" if window else ""
    of = f"of {len(rest)} requests"
    checks = [
        check(f"no 5xx{where}", kinds["5xx"] == 0, f"{kinds['5xx']} {of}"),
        check(f"no 4xx{where}", kinds["4xx"] == 0, f"{kinds['4xx']} {of}"),
        check(f"every request answered{where}", kinds["error"] == 0,
              f"{kinds['error']} without an answer {of}"),
    ]  # fmt: skip
    if window:  # inside it, the database is away: a 503 to retry, never a 500
        inside = [entry[-1] for entry in run.log if overlaps(entry, window)]
        failed = Counter(str(s) for s in inside if kind(s) == "5xx")
        checks.append(
            check(
                "only 503s inside the outage",
                set(failed) <= {"503"},
                f"5xx statuses {dict(failed)} of {len(inside)} requests",
            )
        )
    return checks


def database_checks(database: dict) -> list[dict]:
    """No write answered 2xx is missing, and nothing is stored that was not sent:
    with no unsure write, that is the exact count."""
    checks = []
    for what in ("enrolments", "ratings"):
        found = database[what]
        checks.append(
            check(
                f"{what}: all answered 2xx stored, no other",
                found["lost"] == 0 and found["unexplained"] == 0,
                f"stored {found['stored']}, expected {found['expected']}, "
                f"unsure {found['unsure']} ({found['unsure_stored']} stored), "
                f"lost {found['lost']}, "
                f"unexplained {found['unexplained']}",
            )
        )
    ratings = database["ratings"]
    if ratings["unsure"] == 0:
        checks.append(
            check(
                "one 201 per new rating",
                ratings["answered_201"] == ratings["new_pairs"],
                f"{ratings['answered_201']} answered 201, "
                f"{ratings['new_pairs']} new (user, meal) pairs",
            )
        )
    stats = database["meal_stats"]
    checks.append(
        check(
            "meal stats match their ratings",
            stats["mismatched"] == 0,
            f"{stats['meals'] - stats['mismatched']} of {stats['meals']} meals",
        )
    )
    return checks


def steady_health(run: Run, health: dict) -> list[dict]:
    return [
        check(
            '/healthz 200 "ok" throughout',
            set(health["statuses"]) == {"200"} and set(health["says"]) == {"ok"},
            f"statuses {health['statuses']}, says {health['says']}",
        )
    ]


def cache_health(run: Run, health: dict) -> list[dict]:
    """Never a 503 for the cache (the contract: a load balancer must not pull
    every server over it) but "degraded", from the fault on and naming only the
    cache; "ok" within CACHE_RECOVERY_LIMIT of memcached's return; and memcached
    serves hits again (pages are read from it)."""
    after = health.get("ok_after_fault_end_s")
    first = health.get("first_degraded_at_s")
    returned = run.cache_stats.get("at_return", {}).get("get_hits", 0)
    at_end = run.cache_stats.get("at_end", {}).get("get_hits", 0)
    return [
        check(
            "/healthz 200 throughout (the cache is no reason for a 503)",
            set(health["statuses"]) == {"200"},
            f"statuses {health['statuses']}",
        ),
        check(
            '/healthz "degraded" from the fault on',
            first is not None and first >= 0,
            f"says {health['says']}; first degraded at {first} s, last at "
            f"{health.get('last_degraded_at_s')} s",
        ),
        check(
            "/healthz says only the cache is down",
            set(health["down"]) <= {"cache"},
            f"down: {health['down']}",
        ),
        check(
            f'/healthz "ok" within {CACHE_RECOVERY_LIMIT} s of memcached\'s return',
            after is not None and after <= CACHE_RECOVERY_LIMIT,
            f"after {after} s",
        ),
        check(
            "cache hits again after memcached's return",
            at_end > returned,
            f"get_hits {returned} at return, {at_end} at the end",
        ),
    ]


def postgres_health(run: Run, health: dict) -> list[dict]:
    """Unhealthy (503) briefly, only while PostgreSQL restarts (RESTART_GRACE
    after it, for a probe under way), only for the database, healthy at the end."""
    took = round(run.events["fault_end"] - run.events["fault_start"], 2)
    unhealthy = health.get("unhealthy_for_s", 0.0)
    first, last = health.get("first_bad_at_s"), health.get("last_bad_at_s")
    return [
        check(
            f"/healthz unhealthy under {HEALTHZ_WINDOW_LIMIT} s",
            unhealthy < HEALTHZ_WINDOW_LIMIT,
            f"{unhealthy} s (first bad at {first} s, last at {last} s); the "
            f"restart took {took} s",
        ),
        check(
            "/healthz not 200 only within the restart",
            first is None or (first >= 0 and last <= took + RESTART_GRACE),
            f"statuses {health['statuses']}; not 200 from {first} s to {last} s, "
            f"the restart from 0 s to {took} s (+{RESTART_GRACE} s)",
        ),
        check(
            "/healthz says only the database is down",
            set(health["down"]) <= {"database"},
            f"down: {health['down']}",
        ),
        check(
            "/healthz 200 at the end",
            health["last_status"] == 200,
            f"last status {health['last_status']}",
        ),
    ]


@dataclass
class Phase:
    name: str
    seconds: float
    fault: Fault | None
    health_checks: Callable[[Run, dict], list[dict]]
    outage_allowed: bool = False  # 5xx are allowed while the fault lasts


def phases(args, memcached, postgres) -> list[Phase]:
    fault_phase = LEAD + args.fault_seconds + TAIL
    return [
        Phase("steady", args.seconds, None, steady_health),
        Phase(
            "memcached-stopped",
            fault_phase,
            memcached_stopped(memcached, args.fault_seconds),
            cache_health,
        ),
        Phase(
            "memcached-hung",
            fault_phase,
            memcached_hung(memcached, args.fault_seconds),
            cache_health,
        ),
        Phase(
            "postgres-restart",
            LEAD + args.pg_down_seconds + TAIL + 10,
            postgres_restarted(postgres, args.pg_down_seconds),
            postgres_health,
            outage_allowed=True,
        ),
    ]


def soak(phase_list, clients, probe_port, memcached, database_url, log_path):
    """Run the phases one after the other; each one's figures and checks."""
    results = []
    for phase in phase_list:
        print(f"soak: {phase.name} ({phase.seconds} s)...", file=sys.stderr)
        if call(clients[0].port, "GET", "/ping", timeout=10)[0] != 200:
            # A dead server would only make every later figure meaningless.
            results.append(server_gone(phase))
            break
        log_from = log_path.stat().st_size
        run = Run(phase.name, phase.seconds)
        run_phase(run, clients, probe_port, phase.fault)
        run.cache_stats["at_end"] = memcached.stats()
        with open(log_path, "rb") as log:
            log.seek(log_from)
            server_log = log.read().decode(errors="replace")
        window = outage_window(run) if phase.outage_allowed else None
        health = health_summary(run)
        database = verify_database(database_url, clients)
        checks = (
            traffic_checks(run, window)
            + phase.health_checks(run, health)
            + database_checks(database)
        )
        results.append(
            {
                "name": phase.name,
                "seconds": phase.seconds,
                "events_s": {k: run.at(v) for k, v in run.events.items()},
                "outage_window_s": window and [run.at(t) for t in window],
                "requests": request_summary(run),
                "in_outage": outage_detail(run, window),
                "failure_bodies": run.failures,
                "healthz": health,
                "database": database,
                "server_log": log_summary(server_log),
                "checks": checks,
            }
        )
        failed = [c["check"] for c in checks if not c["ok"]]
        print(f"soak: {phase.name}: {'FAIL ' + str(failed) if failed else 'PASS'}")
        if phase.name == "steady":
            latency = ", ".join(
                f"{action} {a['p50_ms']}/{a['p99_ms']}"
                for action, a in results[-1]["requests"]["actions"].items()
            )
            print(f"soak: steady p50/p99 ms: {latency}")
    return results


def steady_latency(phase_results: list[dict], clients: int) -> dict:
    """The steady phase's latency per action (each kind of read and write), and
    what Little's law makes of its throughput: with every client sending one
    request at a time, the mean latency is clients / (requests per second)."""
    steady = next((p for p in phase_results if p["name"] == "steady"), {})
    if "requests" not in steady:
        return {}
    requests = steady["requests"]
    return {
        "actions": {
            action: {"requests": a["requests"], "p50": a["p50_ms"], "p99": a["p99_ms"]}
            for action, a in requests["actions"].items()
        },
        "per_second": requests["per_second"],
        "clients_over_throughput_ms": round(1000 * clients / requests["per_second"]),
    }


def performance_checks(steady: dict) -> list[dict]:
    """P50_TARGETS_MS against the steady phase's p50s."""
    checks = []
    for action, limit in P50_TARGETS_MS.items():
        p50 = steady.get("actions", {}).get(action, {}).get("p50")
        checks.append(
            check(
                f"{action} p50 under {limit} ms in the steady phase",
                p50 is not None and p50 < limit,
                f"p50 {p50} ms",
            )
        )
    return checks


def server_gone(phase: Phase) -> dict:
    """The record of a phase not run: the server under test stopped answering."""
    return {
        "name": phase.name,
        "seconds": 0,
        "checks": [check("server answers /ping", False, "not run: no answer")],
    }


def outage_detail(run: Run, window) -> dict | None:
    """Inside the outage window: the statuses per action, and when the first and
    last 5xx were answered."""
    if window is None:
        return None
    inside = [entry for entry in run.log if overlaps(entry, window)]
    failed = [e for e in inside if kind(e[3]) in ("5xx", "error")]
    by_action = defaultdict(Counter)
    for *_, action, status in inside:
        by_action[action][str(status)] += 1
    return {
        "requests": len(inside),
        "statuses": {a: dict(sorted(c.items())) for a, c in by_action.items()},
        "first_failure_at_s": run.at(failed[0][1]) if failed else None,
        "last_failure_at_s": run.at(failed[-1][1]) if failed else None,
    }


# Report


def report(results: dict) -> str:
    setup = results["setup"]
    lines = [
        f"# Soak test ({setup['clients']} clients; private PostgreSQL "
        f"{setup['postgresql']} and memcached; gunicorn 2 sync workers, production "
        "settings)",
        "",
        f"{results['date']}, {results['total_seconds']} s in all. "
        f"Result: **{'PASS' if results['passed'] else 'FAIL'}** (correctness "
        "checks). Performance targets: "
        f"**{'PASS' if results['performance']['passed'] else 'FAIL'}**.",
        "",
        *steady_report(results["steady_latency_ms"], results["performance"]),
        "",
        "## Correctness checks",
        "",
        "| phase | check | result | detail |",
        "|---|---|---|---|",
    ]
    for phase in results["phases"]:
        for c in phase["checks"]:
            ok = "PASS" if c["ok"] else "FAIL"
            lines.append(f"| {phase['name']} | {c['check']} | {ok} | {c['detail']} |")
    lines += [
        "",
        "| phase | s | requests | req/s | 2xx | 4xx | 5xx | no answer | /healthz |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    ran = [phase for phase in results["phases"] if "requests" in phase]
    for phase in ran:
        req, kinds = phase["requests"], phase["requests"]["by_kind"]
        counts = " | ".join(
            str(kinds.get(k, 0)) for k in ("2xx", "4xx", "5xx", "error")
        )
        lines.append(
            f"| {phase['name']} | {phase['seconds']} | {req['requests']} "
            f"| {req['per_second']} | {counts} | {phase['healthz']['statuses']} |"
        )
    for phase in ran:
        lines += ["", *phase_report(phase)]
    return "\n".join(lines) + "\n"


def steady_report(steady: dict, performance: dict) -> list[str]:
    """The steady phase's latency per action, and the performance targets."""
    if not steady:
        return ["Steady phase: not run."]
    lines = [
        "## Steady phase: latency per action",
        "",
        "| action | requests | p50 ms | p99 ms | p50 target ms |",
        "|---|---|---|---|---|",
    ]
    for action, a in steady["actions"].items():
        target = P50_TARGETS_MS.get(action, "")
        lines.append(
            f"| {action} | {a['requests']} | {a['p50']} | {a['p99']} | {target} |"
        )
    lines += [
        "",
        f"{steady['per_second']} req/s; clients / throughput = "
        f"{steady['clients_over_throughput_ms']} ms, the mean latency by Little's "
        "law: each action waits in the same queue for gunicorn's workers.",
        "",
        "| performance target | result | detail |",
        "|---|---|---|",
    ]
    for c in performance["targets"]:
        ok = "PASS" if c["ok"] else "FAIL"
        lines.append(f"| {c['check']} | {ok} | {c['detail']} |")
    return lines


def phase_report(phase: dict) -> list[str]:
    lines = [
        f"## {phase['name']}",
        "",
        f"Events (s from the fault's start): {phase['events_s'] or 'none'}",
        "",
        "| action | requests | statuses | p50 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|",
    ]
    for action, a in phase["requests"]["actions"].items():
        lines.append(
            f"| {action} | {a['requests']} | {a['statuses']} | {a['p50_ms']} "
            f"| {a['p99_ms']} | {a['max_ms']} |"
        )
    line = phase["requests"]["timeline"]
    lines += ["", f"2xx per second from {line['from_s']} s: {line['2xx']}"]
    if any(line["other"]):
        lines.append(f"Other answers per second: {line['other']}")
    health = {k: v for k, v in phase["healthz"].items() if k != "statuses"}
    lines += ["", f"/healthz: {health}"]
    if phase["in_outage"]:
        lines.append(f"Inside the outage window {phase['outage_window_s']} s: "
                     f"{phase['in_outage']}")  # fmt: skip
    for failure, body in phase["failure_bodies"].items():
        lines.append(f"First `{failure}` answer: `{' '.join(body.split())[:120]}`")
    server_log = {k: v for k, v in phase["server_log"].items() if v}
    lines.append(f"Server log: {server_log or 'nothing'}")
    return lines


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
    if not results["passed"]:
        return 1
    return 0 if results["performance"]["passed"] else 2


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("soak: interrupted (the private servers are stopped and removed)")
