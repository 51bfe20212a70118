"""Courses benchmark: the catalogue, a course page, a student's module page and the
courses API under gunicorn, as ratios to /ping, on the seed_bench data set.

    MEMCACHED_SERVERS=127.0.0.1:11211 python bench/bench_courses.py [--scale 0.1]

`--scale` shrinks every size of seed_bench (1 = its defaults: 2,000 courses,
100,000 contents...). Targets (issue 7): cached catalogue and course page at least
0.60 of /ping's throughput, the student page and the API lists at least 0.30. Uses
the PostgreSQL server of DATABASE_URL when set, else SQLite. Results go to
bench/results/courses-<database>.{json,md}.
"""

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    Endpoint,
    database_kind,
    gunicorn,
    measure,
    production_environment,
    save_results,
    scratch_database,
)

PORT = 8767
TARGETS = {
    "catalogue": 0.60,
    "course_page": 0.60,
    "student_module_page": 0.30,
    "api_courses": 0.30,
    "api_subjects": 0.30,
    "api_contents": 0.30,
}
HEADER_LUA = 'wrk.headers["%s"] = "%s"\n'


def seed(scale: float) -> dict:
    """Migrate and fill this process's database; returns what the load needs."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from rest_framework_simplejwt.tokens import AccessToken

    from accounts.models import User
    from bench.dataset import SIZES

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the pages' CSS
    sizes = []
    for name, default, _ in SIZES:
        value = default if name == "enrolments_per_student" else int(default * scale)
        sizes += [f"--{name.replace('_', '-')}", str(max(value, 1))]
    call_command("seed_bench", "--force", *sizes, stdout=io.StringIO())

    student = User.objects.get(username="bench-student-1")
    course = student.courses_joined.order_by("pk").first()
    module = course.modules.filter(contents__isnull=False).first()
    session = SessionStore()
    session[SESSION_KEY] = str(student.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.CachedPermissionsBackend"
    session[HASH_SESSION_KEY] = student.get_session_auth_hash()
    session.create()
    return {
        "course_slug": course.slug,
        "course_id": course.pk,
        "module_id": module.pk,
        "session": session.session_key,
        "token": str(AccessToken.for_user(student)),
    }


def endpoints(base: str, seeded: dict) -> list[Endpoint]:
    cookie = HEADER_LUA % ("Cookie", f"sessionid={seeded['session']}")
    bearer = HEADER_LUA % ("Authorization", f"Bearer {seeded['token']}")
    course, module = seeded["course_id"], seeded["module_id"]
    return [
        Endpoint("catalogue", f"{base}/"),
        Endpoint("course_page", f"{base}/course/{seeded['course_slug']}/"),
        Endpoint(
            "student_module_page",
            f"{base}/students/course/{course}/{module}/",
            cookie,
        ),
        Endpoint("api_courses", f"{base}/api/courses/"),
        Endpoint("api_subjects", f"{base}/api/subjects/"),
        Endpoint("api_contents", f"{base}/api/courses/{course}/contents/", bearer),
    ]


def report(results: dict) -> str:
    figures = results["figures"]
    lines = [
        f"# Courses benchmark ({results['database']}, memcached, scale "
        f"{results['scale']} of seed_bench, gunicorn 2 sync workers, wrk 2 threads "
        "x 8 connections)",
        "",
        f"/ping: {figures['req_per_s']['baseline']} req/s (median)",
        "",
        "| endpoint | req/s | ratio to /ping | spread | target |",
        "|---|---|---|---|---|",
    ]
    for name, ratio in figures["ratio_to_baseline"].items():
        lines.append(
            f"| {name} | {figures['req_per_s'][name]} | {ratio} "
            f"| {figures['ratio_spread'][name]} | {TARGETS[name]} |"
        )
    lines += ["", f"Errors: {figures['errors']}. Targets met: {results['targets_met']}"]
    return "\n".join(lines) + "\n"


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
        "DATABASE_URL": scratch_database("courses"),
        "PORT": str(PORT),
        "STATIC_ROOT": tempfile.mkdtemp(prefix="educa-bench-static-"),
        "CACHE_KEY_PREFIX": f"educa-bench-courses-{os.getpid()}",
    }
    seeded = subprocess.run(
        [sys.executable, __file__, "--seed", "--scale", str(args.scale)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    with gunicorn(env) as base:
        figures = measure(
            Endpoint("baseline", f"{base}/ping"),
            endpoints(base, json.loads(seeded.stdout.splitlines()[-1])),
            args.seconds,
            args.cycles,
        )
    results = {
        "database": database_kind(env["DATABASE_URL"]),
        "scale": args.scale,
        "figures": figures,
        "targets_met": figures["errors"] == 0
        and all(
            figures["ratio_to_baseline"][name] >= target
            for name, target in TARGETS.items()
        ),
    }
    save_results(f"courses-{results['database']}", results, report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
