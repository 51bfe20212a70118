"""The figures of a run, from what the slices measured: medians of per-cycle
ratios, latency medians, memcached's hit ratio, the writes answered. Pure
functions: `targets.py` decides on them, so they are tested apart
(bench/tests/test_figures.py)."""

import statistics
from collections import Counter, defaultdict

# Below this many memcached gets over a phase, an endpoint's hit ratio says
# nothing: its entries were found in each worker's own memory (educa.cache).
MIN_GETS = 100


def rates_of(slices: dict[str, list]) -> dict[str, list[float]]:
    """Each endpoint's req/s, cycle by cycle, from its Slices."""
    return {name: [s.rate for s in runs] for name, runs in slices.items()}


def cycle_ratios(rates: list[float], over: list[float]) -> list[float]:
    """Cycle by cycle: the two were measured seconds apart, so the machine's
    drift between cycles cancels out."""
    return [a / b for a, b in zip(rates, over, strict=True)]


def median_ratio(figures: dict, name: str, over: str) -> float:
    """Median over the cycles of `name`'s req/s divided by `over`'s."""
    per_cycle = figures["req_per_s_per_cycle"]
    return round(statistics.median(cycle_ratios(per_cycle[name], per_cycle[over])), 3)


def read_only_figures(slices: dict[str, list], baseline: str) -> dict:
    """Per endpoint: median req/s, the median and spread of its per-cycle ratios
    to `baseline`, median latencies, req/s per cycle; and every error."""
    rates = rates_of(slices)
    ratios = {
        name: cycle_ratios(rates[name], rates[baseline])
        for name in rates
        if name != baseline
    }
    return {
        "req_per_s": {k: round(statistics.median(v)) for k, v in rates.items()},
        "ratio_to_baseline": {
            k: round(statistics.median(v), 3) for k, v in ratios.items()
        },
        "ratio_spread": {k: round(max(v) - min(v), 3) for k, v in ratios.items()},
        "latency_ms": {name: latency(runs) for name, runs in slices.items()},
        "req_per_s_per_cycle": {k: [round(r) for r in v] for k, v in rates.items()},
        "errors": sum(s.errors for runs in slices.values() for s in runs),
    }


def mixed_figures(under_writes: dict[str, list], read_only: dict) -> dict:
    """Per endpoint: mixed req/s, the median of the per-cycle ratios to its
    read-only slice (`read_only`: req/s per cycle), latencies, memcached's hit
    ratio over all its mixed slices, and the writes sent; the hit ratio and the
    writes over the whole phase."""
    rates = {k: [m.read.rate for m in runs] for k, runs in under_writes.items()}
    ratios = {k: cycle_ratios(v, read_only[k]) for k, v in rates.items()}
    gets = {k: sum_gets(m.gets for m in runs) for k, runs in under_writes.items()}
    every = [m for runs in under_writes.values() for m in runs]
    writes = {
        name: {
            "target_per_s": round(
                statistics.median(m.writes["target_per_s"] for m in runs), 1
            ),
            "per_s": round(statistics.median(m.writes["per_s"] for m in runs), 1),
            "statuses": sum_statuses(m.writes["statuses"] for m in runs),
        }
        for name, runs in under_writes.items()
    }
    return {
        "req_per_s": {k: round(statistics.median(v)) for k, v in rates.items()},
        "ratio_to_read_only": {
            k: round(statistics.median(v), 3) for k, v in ratios.items()
        },
        "ratio_spread": {k: round(max(v) - min(v), 3) for k, v in ratios.items()},
        "latency_ms": {
            k: latency([m.read for m in runs]) for k, runs in under_writes.items()
        },
        "req_per_s_per_cycle": {k: [round(r) for r in v] for k, v in rates.items()},
        "gets": gets,
        "hit_ratio": {k: hit_ratio(v) for k, v in gets.items()},
        "hit_ratio_overall": hit_ratio(sum_gets(m.gets for m in every)),
        "writes": writes,
        "write_statuses": sum_statuses(m.writes["statuses"] for m in every),
        "errors": sum(m.read.errors for m in every),
    }


def latency(runs: list) -> dict[str, float]:
    return {
        p: round(statistics.median(s.latency_ms[p] for s in runs), 2)
        for p in ("p50", "p95", "p99")
    }


def sum_gets(gets) -> dict[str, int] | None:
    """(hits, misses) pairs added up; None if any slice had no memcached."""
    gets = list(gets)
    if not gets or any(g is None for g in gets):
        return None
    return {"hits": sum(g[0] for g in gets), "misses": sum(g[1] for g in gets)}


def hit_ratio(gets: dict[str, int] | None) -> float | None:
    """hits / (hits + misses); None without memcached or under MIN_GETS gets."""
    if not gets or gets["hits"] + gets["misses"] < MIN_GETS:
        return None
    return round(gets["hits"] / (gets["hits"] + gets["misses"]), 4)


def sum_statuses(summaries) -> dict[str, dict[str, int]]:
    """Writer status counts ({action: {status: n}}) added up."""
    total: dict[str, Counter] = defaultdict(Counter)
    for statuses in summaries:
        for action, counts in statuses.items():
            total[action].update(counts)
    return {a: dict(sorted(c.items())) for a, c in sorted(total.items())}
