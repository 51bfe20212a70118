"""Endpoint benchmark (issue 7): the pages and API calls people use most, under
gunicorn with production settings, as ratios to /ping, on the seed_bench data set.

    python bench/bench_endpoints.py [--scale 1] [--seconds 2] [--cycles 5]

Uses PostgreSQL and memcached when DATABASE_URL and MEMCACHED_SERVERS are set,
else SQLite and a local-memory cache. Two scratch databases are seeded: the large
one (`--scale` of seed_bench's defaults: 2,000 courses, 100,000 contents, 10,000
meals...) is served and loaded with wrk; a small one (a tenth of it) only serves
to count each endpoint's SQL queries, which must be the same at both sizes.

The mixed phase: in each cycle, after the read-only slices, each read endpoint
again while a writer (other bench students than the one whose pages are read)
enrols in, leaves and rates random courses and meals at one fixed rate, 5% of
the cycle's median read-only req/s, two writes in flight at most; each
endpoint's mixed / read-only ratio and memcached's hit ratio over its mixed
slices (with MEMCACHED_SERVERS; an endpoint answered from the workers' own
memory makes too few gets to have one).
Results: bench/results/endpoints-<database>.{json,md,png}; the exit status is 1
when a target is missed (the results are written first).

Its parts: endpoints_seed.py (the data set and the query counts), endpoints_load.py
(what wrk and the writer send), load.py (the cycles of slices), figures.py,
targets.py and report.py.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.chart import ratio_chart
from bench.endpoints_load import bench_writer, endpoints
from bench.endpoints_seed import seed
from bench.harness import (
    RESULTS,
    database_kind,
    gunicorn,
    production_environment,
    save_results,
    scratch_database,
)
from bench.load import Endpoint, Mixed, measure
from bench.report import endpoints_report
from bench.targets import (
    TARGETS,
    WRITE_SHARE,
    endpoints_exit_status,
    mixed_met,
    ratios_met,
)

PORT = 8767
SMALL = 0.1  # the small data set, as a share of the large one


def previous_ratios(name: str, scale: float) -> dict[str, float]:
    """The read-only ratios to /ping of the results already in bench/results
    (the last recorded run), if it was at this scale."""
    try:
        previous = json.loads((RESULTS / f"{name}.json").read_text())
    except (OSError, ValueError):
        return {}
    if previous.get("scale") != scale:
        return {}
    return previous["figures"]["ratio_to_baseline"]


def seeded_database(name: str, scale: float, env: dict) -> tuple[dict, dict]:
    """A scratch database seeded at `scale` in a subprocess: (its env, seeded)."""
    env = {**env, "DATABASE_URL": scratch_database(name)}
    out = subprocess.run(
        [sys.executable, __file__, "--seed", "--scale", str(scale)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return env, json.loads(out.splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seconds", type=int, default=2)
    parser.add_argument("--cycles", type=int, default=5)
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed:
        print(json.dumps(seed(args.scale)))
        return 0

    env = {
        **production_environment(),
        "PORT": str(PORT),
        "STATIC_ROOT": tempfile.mkdtemp(prefix="educa-bench-static-"),
        "CACHE_KEY_PREFIX": f"educa-bench-endpoints-{os.getpid()}",
    }
    _, small = seeded_database("endpoints_small", args.scale * SMALL, env)
    env, large = seeded_database("endpoints", args.scale, env)
    name = f"endpoints-{database_kind(env['DATABASE_URL'])}"
    previous = previous_ratios(name, args.scale)
    with gunicorn(env) as base:
        read = endpoints(base, large)
        figures = measure(
            Endpoint("baseline", f"{base}/ping"),
            read,
            args.seconds,
            args.cycles,
            Mixed(
                [e.name for e in read if e.name != "rate_meal"],
                bench_writer(base, large),
                WRITE_SHARE,
            ),
        )
    results = {
        "database": database_kind(env["DATABASE_URL"]),
        "cache": "memcached" if env.get("MEMCACHED_SERVERS") else "local memory",
        "scale": args.scale,
        "seconds": args.seconds,
        "cycles": args.cycles,
        "figures": figures,
        "queries": {"small": small["queries"], "large": large["queries"]},
        "ratios_met": ratios_met(figures),
        "queries_equal": small["queries"] == large["queries"],
        "mixed_met": mixed_met(figures["mixed"]),
        "previous_ratio_to_baseline": previous,
    }
    save_results(name, results, endpoints_report(results))
    ratio_chart(
        RESULTS / f"{name}.png",
        f"Throughput as a share of /ping ({results['database']}, {results['cache']},"
        f" scale {args.scale}); black ticks: targets",
        figures["ratio_to_baseline"],
        TARGETS,
    )
    # A missed target fails the run (the figures are written first).
    return endpoints_exit_status(results)


if __name__ == "__main__":
    sys.exit(main())
