"""The soak's traffic and /healthz checks, its outage window, its performance
target and its exit status, on synthetic runs: times are seconds, the phase
starts at T0 and its fault at FAULT."""

import pytest

from bench.soak_checks import (
    CACHE_RECOVERY_LIMIT,
    HEALTHZ_WINDOW_LIMIT,
    P50_TARGETS_MS,
    cache_health,
    exit_status,
    health_summary,
    outage_window,
    performance_checks,
    postgres_health,
    steady_health,
    traffic_checks,
)
from bench.soak_clients import Run
from bench.soak_phases import Phase, server_gone

T0 = 1000.0
FAULT = T0 + 5


def probes(*spans) -> list:
    """A probe every 0.1 s over each (from, to, status, says, down) span, in
    seconds from FAULT."""
    samples = []
    for start, end, status, says, down in spans:
        tick = start
        while tick < end - 1e-9:
            samples.append((FAULT + tick, status, says, down))
            tick = round(tick + 0.1, 1)
    return samples


def run(probe_spans=(), log=(), fault_seconds=None, **cache_stats) -> Run:
    phase = Run("phase", 30, started=T0, probes=probes(*probe_spans))
    phase.log = [(FAULT + a, FAULT + b, "catalogue", s) for a, b, s in log]
    if fault_seconds is not None:
        phase.events = {"fault_start": FAULT, "fault_end": FAULT + fault_seconds}
    phase.cache_stats = cache_stats
    return phase


def verdicts(checks: list[dict]) -> dict[str, bool]:
    return {c["check"]: c["ok"] for c in checks}


OK = (-5, 25, 200, "ok", "")


def test_plain_traffic_passes_and_any_5xx_4xx_or_unanswered_request_fails():
    clean = [(0, 0.1, 200), (1, 1.1, 201), (2, 2.1, 204)]

    assert all(verdicts(traffic_checks(run(log=clean), None)).values())
    for status, check in [
        (500, "no 5xx"),
        (404, "no 4xx"),
        ("ConnectionRefusedError", "every request answered"),
    ]:
        found = verdicts(traffic_checks(run(log=[*clean, (3, 3.1, status)]), None))
        assert found == {**dict.fromkeys(found, True), check: False}


# The PostgreSQL phase: a restart of 0.5 s; /healthz 503 from 0.1 to 0.4 s.
RESTART = [
    (-5, 0.1, 200, "ok", ""),
    (0.1, 0.5, 503, "down", "database"),
    (0.5, 25, 200, "ok", ""),
]


def test_the_outage_window_runs_from_the_fault_until_healthz_is_back_plus_grace():
    phase = run(RESTART, fault_seconds=0.5)

    start, end = outage_window(phase)

    assert start == FAULT
    # The first 200 after the restart's end is at 0.6 s; then 1 s of grace.
    assert end == pytest.approx(FAULT + 0.6 + 1.0)


def test_503s_inside_the_outage_pass_and_a_500_inside_fails():
    inside_503 = run(RESTART, log=[(0.2, 0.3, 503), (-1, 0.2, 503)], fault_seconds=0.5)
    inside_500 = run(RESTART, log=[(0.2, 0.3, 500)], fault_seconds=0.5)

    assert all(verdicts(traffic_checks(inside_503, outage_window(inside_503))).values())
    found = verdicts(traffic_checks(inside_500, outage_window(inside_500)))
    assert not found["only 503s inside the outage"]
    assert found["no 5xx outside the outage"]


def test_a_5xx_outside_the_outage_fails():
    phase = run(RESTART, log=[(3, 3.1, 503)], fault_seconds=0.5)

    assert not verdicts(traffic_checks(phase, outage_window(phase)))[
        "no 5xx outside the outage"
    ]


def test_healthz_down_only_within_the_restart_passes():
    phase = run(RESTART, fault_seconds=0.5)

    assert all(verdicts(postgres_health(phase, health_summary(phase))).values())


def test_healthz_down_after_the_restart_and_its_grace_fails():
    late = [
        *RESTART[:2],
        (0.5, 2, 200, "ok", ""),
        (2, 2.2, 503, "down", "database"),
        (2.2, 25, 200, "ok", ""),
    ]
    phase = run(late, fault_seconds=0.5)

    assert not verdicts(postgres_health(phase, health_summary(phase)))[
        "/healthz not 200 only within the restart"
    ]


def test_healthz_down_too_long_or_at_the_end_or_for_the_cache_fails():
    long = [
        (0, HEALTHZ_WINDOW_LIMIT + 1, 503, "down", "database"),
        (16, 25, 200, "ok", ""),
    ]
    at_end = [(0, 25, 503, "down", "database")]
    cache = [(0, 0.4, 503, "down", "database,cache"), (0.4, 25, 200, "ok", "")]

    for spans, check in [
        (long, f"/healthz unhealthy under {HEALTHZ_WINDOW_LIMIT} s"),
        (at_end, "/healthz 200 at the end"),
        (cache, "/healthz says only the database is down"),
    ]:
        phase = run(spans, fault_seconds=spans[0][1])
        assert not verdicts(postgres_health(phase, health_summary(phase)))[check]


# A memcached phase: the fault lasts 3 s; /healthz degraded, "ok" 5 s after it.
CACHE_FAULT = [
    (-5, 0.1, 200, "ok", ""),
    (0.1, 8, 200, "degraded", "cache"),
    (8, 25, 200, "ok", ""),
]
HITS = {"at_return": {"get_hits": 10}, "at_end": {"get_hits": 500}}


def test_a_cache_fault_with_healthz_degraded_then_ok_passes():
    phase = run(CACHE_FAULT, fault_seconds=3, **HITS)

    assert all(verdicts(cache_health(phase, health_summary(phase))).values())


def test_a_503_for_the_cache_fails():
    spans = [*CACHE_FAULT[:1], (0.1, 8, 503, "down", "cache"), CACHE_FAULT[2]]
    phase = run(spans, fault_seconds=3, **HITS)

    assert not verdicts(cache_health(phase, health_summary(phase)))[
        "/healthz 200 throughout (the cache is no reason for a 503)"
    ]


def test_healthz_ok_too_late_or_no_cache_hits_after_the_return_fails():
    late = CACHE_FAULT[:1] + [
        (0.1, 20, 200, "degraded", "cache"),
        (20, 25, 200, "ok", ""),
    ]
    no_hits = {"at_return": {"get_hits": 10}, "at_end": {"get_hits": 10}}

    phase = run(late, fault_seconds=3, **HITS)
    assert not verdicts(cache_health(phase, health_summary(phase)))[
        f'/healthz "ok" within {CACHE_RECOVERY_LIMIT} s of memcached\'s return'
    ]
    phase = run(CACHE_FAULT, fault_seconds=3, **no_hits)
    assert not verdicts(cache_health(phase, health_summary(phase)))[
        "cache hits again after memcached's return"
    ]


def test_a_degraded_healthz_fails_the_steady_phase():
    assert all(verdicts(steady_health(run([OK]), health_summary(run([OK])))).values())
    phase = run([(-5, 1, 200, "ok", ""), (1, 25, 200, "degraded", "cache")])

    assert not any(verdicts(steady_health(phase, health_summary(phase))).values())


@pytest.mark.parametrize(("p50", "ok"), [(49.9, True), (50, False), (None, False)])
def test_the_catalogue_p50_must_be_under_its_target(p50, ok):
    steady = {"actions": {"catalogue": {"p50": p50}}} if p50 is not None else {}

    [target] = performance_checks(steady)

    assert P50_TARGETS_MS == {"catalogue": 50}
    assert target["ok"] is ok


@pytest.mark.parametrize(
    ("passed", "performance", "status"),
    [(True, True, 0), (True, False, 2), (False, True, 1), (False, False, 1)],
)
def test_a_failed_check_exits_1_before_a_missed_target_exits_2(
    passed, performance, status
):
    assert exit_status(passed, performance) == status


def test_a_phase_not_run_because_the_server_died_fails():
    gone = server_gone(Phase("steady", 60, None, steady_health))

    assert [c["ok"] for c in gone["checks"]] == [False]
