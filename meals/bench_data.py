"""The bench meals of `seed_bench` (`Bench meal N`), rated by the bench students,
with their stored rating stats. Users are known here only by id (`bench.ids`,
`bench.users`), as everywhere in meals."""

from collections import defaultdict

from django.db.models import Avg, Count, Q

from educa.seeding import BATCH_SIZE, CHUNK, BulkSeed, chunks, sentences, spread
from meals.models import Meal, Rating
from meals.services import meal_stats_refresh

MEAL_TITLE = "Bench meal {n}"
MEAL_TITLE_RE = r"^Bench meal [0-9]+$"


def bench_meals():
    return Meal.objects.filter(title__regex=MEAL_TITLE_RE)


def exists() -> bool:
    return bench_meals().exists()


def seed(bench: BulkSeed, rng) -> None:
    meal_ids = _meals(bench, rng)
    total = bench.sizes["ratings"]
    with bench.progress("ratings", total) as bar:
        ratings = _ratings(rng, total, meal_ids, bench.ids["students"])
        for chunk in chunks(ratings, CHUNK):
            Rating.objects.bulk_create(chunk, batch_size=BATCH_SIZE)
            bar.advance(len(chunk))
    bench.created["ratings"] = total
    _meal_stats(bench)


def _meals(bench: BulkSeed, rng) -> list[int]:
    total = bench.sizes["meals"]
    meal_ids = []
    with bench.progress("meals", total) as bar:
        for chunk in chunks(range(1, total + 1), CHUNK):
            meals = [
                Meal(title=MEAL_TITLE.format(n=n), description=sentences(rng, 1))
                for n in chunk
            ]
            Meal.objects.bulk_create(meals, batch_size=BATCH_SIZE)
            meal_ids += [meal.pk for meal in meals]
            bar.advance(len(meals))
    bench.created["meals"] = len(meal_ids)
    return meal_ids


def _ratings(rng, total: int, meal_ids: list[int], student_ids: list[int]):
    """Each meal rated by distinct students, around a mean of its own."""
    for meal_id, n in zip(meal_ids, spread(total, len(meal_ids)), strict=True):
        mean = rng.uniform(1.5, 4.8)
        for user_id in rng.sample(student_ids, n):
            stars = min(5, max(1, round(rng.gauss(mean, 1.0))))
            yield Rating(meal_id=meal_id, user_id=user_id, stars=stars)


def _meal_stats(bench: BulkSeed) -> None:
    """Store each meal's average and count, as meal_stats_refresh does.

    One aggregate query for all the meals; then one UPDATE per distinct
    (average, count) pair, rounded as the service rounds, for up to 500
    meals at a time.
    """
    stats = (
        Rating.objects.filter(meal__in=bench_meals())
        .order_by()
        .values("meal_id")
        .annotate(avg=Avg("stars"), count=Count("id"))
        .values_list("meal_id", "avg", "count")
    )
    meals_by_stats = defaultdict(list)
    for meal_id, avg, n in stats:
        meals_by_stats[round(avg, 2), n].append(meal_id)
    rated = sum(len(ids) for ids in meals_by_stats.values())
    with bench.progress("meal stats", rated) as bar:
        for (avg, n), meal_ids in meals_by_stats.items():
            for chunk in chunks(meal_ids, 500):
                Meal.objects.filter(pk__in=chunk).update(
                    avg_rating=avg, no_of_ratings=n
                )
                bar.advance(len(chunk))


def delete(bench: BulkSeed) -> int:
    """The bench meals and every rating on them or by a bench user, one DELETE
    each (no per-row signals or recounts); then the stats of
    the other meals bench users rated (a benchmark's writes)."""
    meals = bench_meals()
    ratings = Rating.objects.filter(Q(meal__in=meals) | Q(user__in=bench.users))
    other_meals = set(
        ratings.exclude(meal__in=meals).values_list("meal_id", flat=True).distinct()
    )
    deleted = ratings._raw_delete(ratings.db) + meals._raw_delete(meals.db)
    for meal_id in other_meals:
        meal_stats_refresh(meal_ids=[meal_id])
    return deleted
