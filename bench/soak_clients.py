"""The soak's traffic: 50 clients (one bench student each) sending the weighted
MIX one request at a time, the /healthz probe, and the Run they log into."""

import http.client
import json
import random
import threading
import time
from dataclasses import dataclass, field
from typing import NamedTuple

from bench.soak_accounting import Writes, kind

# A client waits longer than gunicorn's 30 s worker timeout: a request it gives up
# on has been killed by then, so it cannot land after the client's next write.
CLIENT_TIMEOUT = 35
PROBE_EVERY = 0.1  # seconds between two /healthz probes
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

    def run(self, stop: threading.Event, run: Run) -> None:
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
