"""bench_endpoints.py's data: run in a subprocess with the server's environment
(settings are read at import), it migrates and seeds a scratch database with
`seed_bench` and counts every endpoint's SQL queries through Django's test
client; what the load needs comes back as one line of JSON."""

import io
import sys
from datetime import timedelta

WRITERS = 20  # bench students 2..21 write; student 1's pages are read
TOKEN_LIFETIME = timedelta(hours=2)  # longer than any run, however many cycles
# The progress page is read by the owner of a course with this many students,
# each with some contents done and some attempts at its quiz, at both sizes.
PROGRESS_STUDENTS = 200
# Two words of seed_bench's vocabulary (educa.seeding): a search that matches
# a few dozen of the 2,000 course titles, module titles and overviews.
SEARCH = "garden rhythm"
# The posts of the progress course's discussion board (three pages of 20).
BOARD_POSTS = 60
QUIZ = """Which of these is a chord?
* C major
- A river

Which are rhythms?
* Waltz
* March
- Garden
"""


def requests_to_measure(seeded: dict) -> list[dict]:
    """Every endpoint as {name, path, headers, post}: one list for wrk and for
    the query counts."""
    course, module = seeded["course_id"], seeded["module_id"]
    # A browser sends back the CSRF cookie it was given (a secret of 32 letters
    # and digits); without it every page would make a new one.
    csrf = "bench" + "x" * 27
    cookie = {"Cookie": f"sessionid={seeded['session']}; csrftoken={csrf}"}
    owner = {"Cookie": f"sessionid={seeded['owner_session']}; csrftoken={csrf}"}
    # A student of the progress course reads its discussion board.
    classmate = {"Cookie": f"sessionid={seeded['classmate_session']}; csrftoken={csrf}"}
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
            "name": "progress_page",
            "path": f"/course/{seeded['progress_course_id']}/progress/",
            "headers": owner,
        },
        {"name": "search", "path": f"/?q={SEARCH.replace(' ', '+')}"},
        {
            "name": "discussion_page",
            "path": f"/students/course/{seeded['progress_course_id']}/discussion/",
            "headers": classmate,
        },
        {
            "name": "api_posts",
            "path": f"/api/courses/{seeded['progress_course_id']}/posts/",
            "headers": {"Authorization": f"Bearer {seeded['classmate_token']}"},
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
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

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
    progress_course, classmate = course_with_progress(
        Course.objects.filter(slug__regex=COURSE_SLUG_RE)
        .exclude(students=student)
        .order_by("pk")
        .first()
    )
    # Planner statistics, as a database in service has them: autovacuum would
    # gather them some time after a bulk load, maybe in the middle of the run.
    # Without, PostgreSQL read all 100,000 contents to count one course's 50.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    meals = Meal.objects.filter(title__startswith="Bench meal").order_by("pk")
    writers = User.objects.filter(
        username__in=[f"bench-student-{n}" for n in range(2, WRITERS + 2)]
    )
    seeded = {
        "course_slug": module.course.slug,
        "course_id": module.course_id,
        "module_id": module.pk,
        "session": session_for(student),
        "progress_course_id": progress_course.pk,
        "owner_session": session_for(progress_course.owner),
        "classmate_session": session_for(classmate),
        "classmate_token": long_lived_token(classmate),
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


def session_for(user) -> str:
    """The key of a new session logged in as `user`, as the login view makes."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.UserBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def course_with_progress(course):
    """`course` given PROGRESS_STUDENTS bench students, a quiz in its first
    module, for each student some contents done and one to three attempts at the
    quiz, and a discussion board (a fixed random seed: the same rows at every
    run); returns the course and one of those students."""
    import random

    from accounts.models import User
    from courses.models import Content, Quiz
    from courses.services import content_create, quiz_questions_replace
    from students.models import Completion, QuizAttempt

    rng = random.Random(7)
    students = list(
        User.objects.filter(username__startswith="bench-student-")
        .exclude(courses_joined=course)
        .order_by("pk")[:PROGRESS_STUDENTS]
    )
    course.students.add(*students)
    quiz = Quiz.objects.create(owner=course.owner, title="Bench quiz", pass_mark=50)
    quiz_questions_replace(quiz=quiz, text=QUIZ)
    content_create(module=course.modules.order_by("order").first(), item=quiz)
    contents = list(
        Content.objects.filter(module__course=course).values_list("pk", flat=True)
    )
    Completion.objects.bulk_create(
        Completion(student=student, content_id=content)
        for student in students
        for content in rng.sample(contents, rng.randint(0, len(contents)))
    )
    QuizAttempt.objects.bulk_create(
        QuizAttempt(student=student, quiz=quiz, score=score, passed=score >= 50)
        for student in students
        for score in rng.sample(range(0, 101, 10), rng.randint(1, 3))
    )
    board_with_posts(course, students, rng)
    return course, students[0]


def board_with_posts(course, students, rng) -> None:
    """BOARD_POSTS posts in the course's discussion, by its students, each with
    up to 8 comments (some by the owner) and up to 20 likes."""
    from discussions.models import Comment, Like, Post

    posts = Post.objects.bulk_create(
        Post(
            course=course,
            author=rng.choice(students),
            title=f"Question {n}",
            body="How does this work?",
        )
        for n in range(BOARD_POSTS)
    )
    Comment.objects.bulk_create(
        Comment(post=post, author=rng.choice([*students, course.owner]), body="So.")
        for post in posts
        for _ in range(rng.randint(0, 8))
    )
    Like.objects.bulk_create(
        Like(post=post, user=student)
        for post in posts
        for student in rng.sample(students, rng.randint(0, 20))
    )


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
