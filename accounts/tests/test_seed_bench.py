"""`manage.py seed_bench`: the bench data set, at small sizes."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Avg, Count
from django.urls import reverse

from accounts.bench_data import PASSWORD
from accounts.models import User
from courses.models import Content, Course, Module, Subject, Text, Video
from courses.tests.factories import CourseFactory
from courses.validators import video_embed_url
from meals.models import Meal, Rating
from meals.tests.factories import MealFactory, rate
from students.models import Completion

pytestmark = pytest.mark.django_db

# Uneven on purpose: 23 modules over 7 courses, 61 contents over 23 modules.
SIZES = {
    "subjects": 3,
    "instructors": 2,
    "courses": 7,
    "modules": 23,
    "contents": 61,
    "students": 6,
    "enrolments_per_student": 3,
    "meals": 9,
    "ratings": 40,
    "video_share": 0.3,
}
STAGES = [
    "users",
    "subjects",
    "courses",
    "modules",
    "contents",
    "enrolments",
    "meals",
    "ratings",
    "meal stats",
]


def seed(**options) -> str:
    out = StringIO()
    # Tests run with debug off: every run is forced.
    call_command("seed_bench", force=True, stdout=out, **{**SIZES, **options})
    return out.getvalue()


def _orders(model, parent) -> dict[int, list[int]]:
    """The orders of `model` rows, by parent id."""
    orders = {}
    for parent_id, order in model.objects.values_list(parent, "order"):
        orders.setdefault(parent_id, []).append(order)
    return orders


def bench_users():
    return User.objects.filter(username__startswith="bench-")


def test_the_row_counts_match_the_options():
    output = seed()

    assert bench_users().filter(username__startswith="bench-instructor-").count() == 2
    assert bench_users().filter(username__startswith="bench-student-").count() == 6
    assert Subject.objects.filter(slug__startswith="bench-subject-").count() == 3
    assert Course.objects.filter(slug__startswith="bench-course-").count() == 7
    assert Module.objects.count() == 23
    assert Content.objects.count() == 61
    assert Text.objects.count() + Video.objects.count() == 61
    assert Course.students.through.objects.count() == 6 * 3
    assert Meal.objects.filter(title__startswith="Bench meal ").count() == 9
    assert Rating.objects.count() == 40
    assert "contents" in output
    assert "Seeded the bench data in" in output


def test_every_meal_stores_the_average_and_count_of_a_fresh_aggregate():
    seed()

    meals = Meal.objects.annotate(
        fresh_avg=Avg("ratings__stars"), fresh_count=Count("ratings")
    )
    assert len(meals) == 9
    for meal in meals:
        # Rounded as meal_stats_refresh rounds (Avg is a float on SQLite).
        expected = Decimal(str(round(meal.fresh_avg, 2)))
        assert (meal.avg_rating, meal.no_of_ratings) == (expected, meal.fresh_count)


def test_every_rating_is_one_per_meal_and_user_with_1_to_5_stars():
    seed()

    pairs = list(Rating.objects.values_list("meal_id", "user_id"))
    assert len(set(pairs)) == len(pairs) == 40
    assert set(Rating.objects.values_list("stars", flat=True)) <= {1, 2, 3, 4, 5}
    raters = User.objects.filter(ratings__isnull=False).distinct()
    assert all(user.username.startswith("bench-student-") for user in raters)


def test_module_and_content_orders_run_from_0_without_gaps_in_each_parent():
    seed()

    for model, parent in [(Module, "course"), (Content, "module")]:
        for parent_id, found in _orders(model, parent).items():
            assert sorted(found) == list(range(len(found))), (model, parent_id)
    # Spread evenly: 23 modules over 7 courses are two of 4 and five of 3.
    sizes = sorted(len(found) for found in _orders(Module, "course").values())
    assert sizes == [3, 3, 3, 3, 3, 4, 4]


def test_every_content_points_at_an_item_and_videos_are_youtube_addresses():
    seed()

    for content in Content.objects.with_items():
        assert content.item is not None
        assert content.item.owner_id == content.module.course.owner_id
    urls = list(Video.objects.values_list("url", flat=True))
    assert urls  # a 0.3 share of 61 contents
    for url in urls:
        assert url.startswith("https://www.youtube.com/watch?v=")
        assert video_embed_url(url) is not None


def test_the_bench_users_log_in_with_the_documented_password(client):
    seed()

    assert client.login(username="bench-student-1", password=PASSWORD)
    assert client.login(username="bench-student-6", password=PASSWORD)
    instructor = User.objects.get(username="bench-instructor-1")
    assert instructor.is_instructor
    assert client.login(username=instructor.username, password=PASSWORD)
    # One hash for everyone: the password was hashed once.
    assert bench_users().values("password").distinct().count() == 1


def test_a_catalogue_page_cached_before_seeding_shows_the_new_courses_after(
    client, django_capture_on_commit_callbacks
):
    catalogue = reverse("courses:course_list")
    assert "Bench course" not in client.get(catalogue).content.decode()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        seed()

    assert callbacks  # the caches are retired once the data is committed
    html = client.get(catalogue).content.decode()
    assert "Bench course 7:" in html  # the newest first


def test_it_refuses_to_run_with_debug_off_unless_forced(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG is off"):
        call_command("seed_bench", stdout=StringIO(), **SIZES)

    assert not bench_users().exists()


def test_it_runs_unforced_with_debug_on(settings):
    settings.DEBUG = True

    call_command("seed_bench", stdout=StringIO(), **SIZES)

    assert Course.objects.count() == 7


def test_a_second_run_is_refused_and_changes_nothing():
    seed()
    before = [model.objects.count() for model in (User, Course, Content, Rating)]

    with pytest.raises(CommandError, match="already has bench data.*--replace"):
        seed()

    assert [model.objects.count() for model in (User, Course, Content, Rating)] == (
        before
    )


def test_replace_deletes_the_earlier_bench_data_and_keeps_everyone_elses():
    own_course = CourseFactory(title="Not a bench course")
    own_meal = MealFactory(title="Not a bench meal")
    rate(own_meal, 2)
    seed()
    # A benchmark's writes: a bench student rated someone else's meal, joined
    # someone else's course and completed a bench content.
    student = User.objects.get(username="bench-student-1")
    rate(own_meal, 5, user=student)
    own_course.students.add(student)
    Completion.objects.create(student=student, content=Content.objects.first())

    seed(replace=True, courses=4, meals=5, ratings=12, students=3)

    assert Course.objects.filter(slug__startswith="bench-course-").count() == 4
    assert Module.objects.filter(course__slug__startswith="bench-").count() == 23
    assert Meal.objects.filter(title__startswith="Bench meal ").count() == 5
    assert Rating.objects.filter(meal__title__startswith="Bench meal ").count() == 12
    assert bench_users().count() == 2 + 3
    assert Course.objects.filter(pk=own_course.pk).exists()
    assert not own_course.students.exists()
    assert not Completion.objects.exists()
    own_meal.refresh_from_db()
    assert (own_meal.avg_rating, own_meal.no_of_ratings) == (Decimal("2.00"), 1)


def test_the_same_seed_makes_the_same_data():
    def snapshot():
        return (
            list(Course.objects.order_by("slug").values_list("title", "overview")),
            list(Video.objects.order_by("url").values_list("url", flat=True)),
            sorted(
                Rating.objects.values_list("meal__title", "user__username", "stars")
            ),
        )

    seed(seed=7)
    first = snapshot()
    seed(seed=7, replace=True)

    assert snapshot() == first


def test_without_a_terminal_each_stage_writes_one_progress_line():
    output = seed()

    assert "\r" not in output
    lines = output.splitlines()
    for stage in STAGES:
        [line] = [line for line in lines if line.startswith(f"{stage} ")]
        assert "[" + "#" * 30 + "]" in line
    assert any(line.split() == ["ratings", "40"] for line in lines)


def test_sizes_that_cannot_fit_are_refused():
    with pytest.raises(CommandError, match="--ratings cannot be more than"):
        seed(meals=2, students=3, ratings=7)
    with pytest.raises(CommandError, match="--enrolments-per-student"):
        seed(courses=2, enrolments_per_student=3)
    with pytest.raises(CommandError, match="--contents needs at least one"):
        seed(modules=0)

    assert not bench_users().exists()
