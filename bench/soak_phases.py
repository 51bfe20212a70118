"""The soak's phases: the clients and the probe running for a while, the fault
each phase injects (memcached stopped or hung, PostgreSQL restarted), and the
loop that runs them one after the other and checks each."""

import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench.soak_accounting import verify_database
from bench.soak_checks import (
    cache_health,
    check,
    database_checks,
    health_summary,
    outage_window,
    postgres_health,
    steady_health,
    traffic_checks,
)
from bench.soak_clients import Client, HealthProbe, Run, call
from bench.soak_report import log_summary, outage_detail, request_summary

LEAD, TAIL = 5, 15  # seconds of load before a fault, and after it ends


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
        told = {client.user_id: client.writes for client in clients}
        database = verify_database(database_url, told)
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


def server_gone(phase: Phase) -> dict:
    """The record of a phase not run: the server under test stopped answering."""
    return {
        "name": phase.name,
        "seconds": 0,
        "checks": [check("server answers /ping", False, "not run: no answer")],
    }
