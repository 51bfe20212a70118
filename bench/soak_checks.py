"""The soak's checks: what /healthz said when (and the outage window where 5xx
are allowed), and the PASS/FAIL of each phase's traffic, health and database;
then the performance target, kept apart, and the exit status. Pure functions of
a Run and the figures: bench/tests/test_soak_checks.py."""

from collections import Counter

from bench.soak_accounting import kind
from bench.soak_clients import Run

HEALTHZ_WINDOW_LIMIT = 15  # seconds /healthz may stay unhealthy over a restart
# Seconds after the restart's end a probe may still answer 503 (or the outage
# window of 5xx may last): one under way when the server came back.
RESTART_GRACE = 1.0
# Seconds for /healthz to see memcached again. pymemcache takes a dead server back
# only once it has been dead dead_timeout (5 s) and its last dead-server check is
# 5 s old: up to about 8 s after a return, measured 4-8 s; 15 leaves room for a
# busy machine.
CACHE_RECOVERY_LIMIT = 15
# Performance targets, kept apart from the correctness checks: an action's p50 in
# the steady phase, in ms. A miss alone makes the exit status 2 (1: a check failed).
P50_TARGETS_MS = {"catalogue": 50}


# When /healthz was bad, and where 5xx are allowed


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


def exit_status(passed: bool, performance_passed: bool) -> int:
    """1 if any correctness check failed, else 2 if a performance target was
    missed, else 0."""
    if not passed:
        return 1
    return 0 if performance_passed else 2
