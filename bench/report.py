"""The markdown reports of bench_endpoints.py and bench_meals.py (the soak's is
soak_report.py); `chart.py` draws the endpoints' PNG."""

from bench.targets import (
    HIT_RATIO_TARGET,
    MIXED_TARGETS,
    TARGETS,
    TOLERATED,
    WRITE_SHARE,
    unexpected_writes,
)


def endpoints_report(results: dict) -> str:
    figures, queries = results["figures"], results["queries"]
    previous = results["previous_ratio_to_baseline"]
    lines = [
        f"# Endpoints ({results['database']}, {results['cache']}, seed_bench scale "
        f"{results['scale']}; gunicorn 2 sync workers; wrk 2 threads x 8 connections;"
        f" median of {results['cycles']} cycles of {results['seconds']} s)",
        "",
        "| endpoint | req/s | ratio to /ping | spread | target | last recorded "
        "| p50 ms | p95 ms | p99 ms | queries cold/warm, small | large |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    latency = figures["latency_ms"]
    for name in ["baseline", *figures["ratio_to_baseline"]]:
        ratio = figures["ratio_to_baseline"].get(name, 1.0)
        spread = figures["ratio_spread"].get(name, "")
        small, large = (
            "/".join(str(q[name][k]) for k in ("cold", "warm")) if name in q else "0/0"
            for q in (queries["small"], queries["large"])
        )
        lines.append(
            f"| {name} | {figures['req_per_s'][name]} | {ratio} | {spread} "
            f"| {TARGETS.get(name, '')} | {previous.get(name, '')} "
            f"| {latency[name]['p50']} | {latency[name]['p95']} "
            f"| {latency[name]['p99']} | {small} | {large} |"
        )
    lines += [
        "",
        f"Errors: {figures['errors']}. Ratio targets met: {results['ratios_met']}. "
        f"Same queries at both sizes: {results['queries_equal']}. "
        '"last recorded": the ratio in bench/results before this run.',
    ]
    if "mixed" in figures:
        lines += ["", *mixed_report(results)]
    return "\n".join(lines) + "\n"


def mixed_report(results: dict) -> list[str]:
    figures = results["figures"]
    mixed = figures["mixed"]
    lines = [
        f"## Mixed: the reads while a writer enrols, leaves and rates at "
        f"one fixed rate, {WRITE_SHARE:.0%} of the median read-only req/s of each "
        "cycle (2 in flight at most)",
        "",
        "| endpoint | read-only req/s | mixed req/s | mixed / read-only | spread "
        "| target | p99 ms read-only | p99 ms mixed | memcached hit ratio "
        "| writes/s (asked) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, ratio in mixed["ratio_to_read_only"].items():
        hit = mixed["hit_ratio"][name]
        writes = mixed["writes"][name]
        lines.append(
            f"| {name} | {figures['req_per_s'][name]} | {mixed['req_per_s'][name]} "
            f"| {ratio} | {mixed['ratio_spread'][name]} "
            f"| {MIXED_TARGETS.get(name, '')} "
            f"| {figures['latency_ms'][name]['p99']} "
            f"| {mixed['latency_ms'][name]['p99']} "
            f"| {'n/a' if hit is None else hit} "
            f"| {writes['per_s']} ({writes['target_per_s']}) |"
        )
    overall = mixed["hit_ratio_overall"]
    statuses = "; ".join(
        f"{action} {counts}" for action, counts in mixed["write_statuses"].items()
    )
    lines += [
        "",
        f"Hit ratio target: {HIT_RATIO_TARGET} overall and on every endpoint with "
        "enough gets (n/a: answered from the workers' own memory); "
        f"{'n/a: no memcached' if overall is None else f'overall {overall}'}. "
        f"Writes answered, over the phase: {statuses}.",
        f"Errors under wrk: {mixed['errors']}; unexpected write answers: "
        f"{unexpected_writes(mixed['write_statuses'])} (tolerated: "
        f"{', '.join(f'{a} {s}' for a, s in sorted(TOLERATED))}). "
        f"Mixed targets met: {results['mixed_met']}.",
    ]
    return lines


def meals_report(results: dict) -> str:
    figures = results["figures"]
    lines = [
        f"# Meals benchmark ({results['database']}, memcached, gunicorn 2 sync "
        "workers a server, wrk 2 threads x 8 connections)",
        "",
        f"/ping: {figures['req_per_s']['baseline']} req/s (median)",
        "",
        "| endpoint | req/s | ratio to /ping | spread of the ratio |",
        "|---|---|---|---|",
    ]
    for name, ratio in figures["ratio_to_baseline"].items():
        lines.append(
            f"| {name} | {figures['req_per_s'][name]} | {ratio} "
            f"| {figures['ratio_spread'][name]} |"
        )
    lines += [
        "",
        f"10,000 meals / 1,000 meals: list {results['list_10k_vs_1k']}, "
        f"cold list {results['cold_list_10k_vs_1k']}",
        f"Targets met: {results['targets_met']}",
        "",
    ]
    return "\n".join(lines)
