"""What the soak saw, summed up: requests per action and per second, the server's
error log, the steady phase's latencies; and the markdown report
(bench/results/soak.md)."""

import math
import re
from collections import Counter, defaultdict

from bench.soak_accounting import kind
from bench.soak_checks import P50_TARGETS_MS, overlaps
from bench.soak_clients import MIX, Run


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
