"""Meals benchmark: GET /api/meals/?ordering=-avg_rating and POST rate_meal under
gunicorn, as ratios to /ping, with 1,000 and with 10,000 meals (20 ratings each).

    MEMCACHED_SERVERS=127.0.0.1:11211 python bench/bench_meals.py [--seconds 2]

Two servers run side by side, one per data size, and their slices interleave, so
the 10,000-to-1,000 comparison is made cycle by cycle as well. Targets (issue 3):
the list at least 0.30 of the baseline's throughput, and at 10,000 meals at least
0.90 of its throughput at 1,000. Uses the PostgreSQL server of DATABASE_URL when
set, else SQLite files. Results go to bench/results/meals-<database>.{json,md}; the
exit status is 1 when a target is missed or wrk saw an error (the results are
written first).
"""

import argparse
import json
import os
import random
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import median_ratio
from bench.harness import (
    database_kind,
    gunicorn,
    production_environment,
    save_results,
    scratch_database,
)
from bench.load import Endpoint, measure
from bench.report import meals_report
from bench.targets import meals_exit_status, meals_targets_met

SIZES = {"1k": 1_000, "10k": 10_000}
PORTS = {"1k": 8765, "10k": 8766}
RATERS = 20  # every meal is rated once by each of these users
LIST_PATH = "/api/meals/?ordering=-avg_rating"

RATE_MEAL_LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %(token)s"
request = function()
  local path = "/api/meals/" .. math.random(%(low)d, %(high)d) .. "/rate_meal/"
  return wrk.format(nil, path, nil, '{"stars": ' .. math.random(1, 5) .. "}")
end
"""
# An unknown parameter makes every request a cache miss: the cold cost.
UNCACHED_LIST_LUA = """
request = function()
  return wrk.format(nil, "%s&nocache=" .. math.random(1, 1000000000))
end
"""


def seed(meals: int) -> dict:
    """Migrate and fill this process's database; returns what the load needs."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Avg, Count, OuterRef, Subquery
    from rest_framework_simplejwt.tokens import AccessToken

    from accounts.models import User
    from meals.models import MEAL_LIST, Meal, Rating

    call_command("migrate", verbosity=0)
    users = User.objects.bulk_create(
        User(username=f"bench{i}", email=f"bench{i}@example.com", password="!")
        for i in range(RATERS)
    )
    new = Meal.objects.bulk_create(
        (Meal(title=f"Meal {n}", description=f"Dish number {n}") for n in range(meals)),
        batch_size=2000,
    )
    rng = random.Random(meals)
    Rating.objects.bulk_create(
        (Rating(meal=m, user=u, stars=rng.randint(1, 5)) for m in new for u in users),
        batch_size=5000,
    )
    stats = Rating.objects.filter(meal=OuterRef("pk")).values("meal")
    Meal.objects.update(
        avg_rating=Subquery(stats.annotate(a=Avg("stars")).values("a")),
        no_of_ratings=Subquery(stats.annotate(c=Count("id")).values("c")),
    )
    MEAL_LIST.retire()  # bulk writes send no signals
    rated = Meal.objects.order_by("pk").values_list("pk", flat=True)[:1000]
    return {
        "token": str(AccessToken.for_user(users[0])),
        "low": rated[0],
        "high": rated[len(rated) - 1],
    }


def server_environment(env: dict, size: str) -> dict:
    return {
        **env,
        "DATABASE_URL": scratch_database(f"meals_{size}"),
        "PORT": str(PORTS[size]),
        "CACHE_KEY_PREFIX": f"educa-bench-{size}-{os.getpid()}",
    }


def endpoints(base: str, size: str, seeded: dict) -> list[Endpoint]:
    return [
        Endpoint(f"meal_list_{size}", base + LIST_PATH),
        Endpoint(f"meal_list_cold_{size}", base, UNCACHED_LIST_LUA % LIST_PATH),
        Endpoint(f"rate_meal_{size}", base, RATE_MEAL_LUA % seeded),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=2)
    parser.add_argument("--cycles", type=int, default=5)
    parser.add_argument("--seed", type=int, help=argparse.SUPPRESS)  # internal
    args = parser.parse_args()
    if args.seed:
        print(json.dumps(seed(args.seed)))
        return 0

    env = production_environment()
    load = []
    with ExitStack() as servers:
        for size, meals in SIZES.items():
            server_env = server_environment(env, size)
            seeded = subprocess.run(
                [sys.executable, __file__, "--seed", str(meals)],
                env=server_env,
                capture_output=True,
                text=True,
                check=True,
            )
            base = servers.enter_context(gunicorn(server_env))
            load += endpoints(base, size, json.loads(seeded.stdout))
        baseline = Endpoint("baseline", load[0].url.split("/api/")[0] + "/ping")
        figures = measure(baseline, load, args.seconds, args.cycles)

    results = {
        "database": database_kind(env.get("DATABASE_URL", "")),
        "figures": figures,
        "list_10k_vs_1k": median_ratio(figures, "meal_list_10k", "meal_list_1k"),
        "cold_list_10k_vs_1k": median_ratio(
            figures, "meal_list_cold_10k", "meal_list_cold_1k"
        ),
    }
    results["targets_met"] = meals_targets_met(figures, results["list_10k_vs_1k"])
    save_results(f"meals-{results['database']}", results, meals_report(results))
    # A missed target fails the run (the figures are written first).
    return meals_exit_status(results)


if __name__ == "__main__":
    sys.exit(main())
