"""bench_endpoints.py's data: run in a subprocess with the server's environment
(settings are read at import), it migrates and seeds a scratch database with
`seed_bench` and counts every endpoint's SQL queries through Django's test
client; what the load needs comes back as one line of JSON."""

import io
import sys
from datetime import timedelta

WRITERS = 20  # bench students 2..21 write; student 1's pages are read
TOKEN_LIFETIME = timedelta(hours=2)  # longer than any run, however many cycles


def requests_to_measure(seeded: dict) -> list[dict]:
    """Every endpoint as {name, path, headers, post}: one list for wrk and for
    the query counts."""
    course, module = seeded["course_id"], seeded["module_id"]
    # A browser sends back the CSRF cookie it was given (a secret of 32 letters
    # and digits); without it every page would make a new one.
    csrf = "bench" + "x" * 27
    cookie = {"Cookie": f"sessionid={seeded['session']}; csrftoken={csrf}"}
    bearer = {"Authorization": f"Bearer {seeded['token']}"}
    return [
        {"name": "catalogue", "path": "/"},
        {"name": "course_page", "path": f"/course/{seeded['course_slug']}/"},
        {
            "name": "student_course_page",
            "path": f"/students/course/{course}/{module}/",
            "headers": cookie,
        },
        {"name": "api_meals", "path": "/api/meals/?ordering=-avg_rating"},
        {"name": "api_courses", "path": "/api/courses/"},
        {"name": "api_subjects", "path": "/api/subjects/"},
        {
            "name": "api_contents",
            "path": f"/api/courses/{course}/contents/",
            "headers": bearer,
        },
        {
            "name": "rate_meal",
            "path": f"/api/meals/{seeded['unrated_meal_id']}/rate_meal/",
            "headers": bearer,
            "post": {"stars": 4},
        },
    ]


def seed(scale: float) -> dict:
    """Migrate and fill this process's database, then count every endpoint's
    queries, cold (caches just retired) and warm; returns what the load needs."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.core.management import call_command

    from accounts.management.commands.seed_bench import SIZES
    from accounts.models import User
    from courses.bench_data import COURSE_SLUG_RE
    from courses.models import Course, Module, Text, Video
    from meals.models import Meal

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the pages' CSS
    sizes = []
    for name, default, _ in SIZES:
        value = default if name == "enrolments_per_student" else int(default * scale)
        sizes += [f"--{name.replace('_', '-')}", str(max(value, 1))]
    call_command("seed_bench", "--force", *sizes, stdout=io.StringIO())

    # The same shape of data at every size, so that the cold query counts
    # compare: a module with both kinds of item (a query per kind), a meal the
    # student has not rated yet (a first rating, then updates).
    student = User.objects.get(username="bench-student-1")
    modules = Module.objects.filter(course__students=student)
    for model in (Text, Video):
        modules = modules.filter(
            contents__content_type=ContentType.objects.get_for_model(model)
        )
    module = modules.select_related("course").order_by("pk").first()
    session = SessionStore()
    session[SESSION_KEY] = str(student.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.UserBackend"
    session[HASH_SESSION_KEY] = student.get_session_auth_hash()
    session.create()
    meals = Meal.objects.filter(title__startswith="Bench meal").order_by("pk")
    writers = User.objects.filter(
        username__in=[f"bench-student-{n}" for n in range(2, WRITERS + 2)]
    )
    seeded = {
        "course_slug": module.course.slug,
        "course_id": module.course_id,
        "module_id": module.pk,
        "session": session.session_key,
        "token": long_lived_token(student),
        "unrated_meal_id": meals.exclude(ratings__user=student).first().pk,
        "meal_ids": [meals.first().pk, meals.last().pk],
        "writers": [
            {
                "token": long_lived_token(user),
                "courses": list(user.courses_joined.values_list("pk", flat=True)),
            }
            for user in writers
        ],
        "course_ids": list(
            Course.objects.filter(slug__regex=COURSE_SLUG_RE).values_list(
                "pk", flat=True
            )
        ),
    }
    return {**seeded, "queries": count_queries(requests_to_measure(seeded))}


def long_lived_token(user) -> str:
    """A JWT access token that outlives the run (the default lasts 10 minutes)."""
    from rest_framework_simplejwt.tokens import AccessToken

    token = AccessToken.for_user(user)
    token.set_exp(lifetime=TOKEN_LIFETIME)
    return str(token)


def count_queries(requests: list[dict]) -> dict:
    """{name: {"cold": n, "warm": n}} through Django's test client."""
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}

    def run(request: dict) -> int:
        executed = 0

        def count(execute, *args):
            nonlocal executed
            executed += 1
            return execute(*args)

        headers = request.get("headers", {})
        with connection.execute_wrapper(count):
            if "post" in request:
                response = client.post(
                    request["path"],
                    request["post"],
                    "application/json",
                    headers=headers,
                )
            else:
                response = client.get(request["path"], headers=headers)
        if response.status_code >= 400:
            sys.exit(f"{request['path']}: {response.status_code}")
        return executed

    for request in requests:
        counts[request["name"]] = {"cold": run(request), "warm": run(request)}
    return counts
