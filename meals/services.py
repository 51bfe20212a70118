from collections.abc import Collection
from typing import NamedTuple

from django.db import transaction
from django.db.models import Avg, Count, QuerySet

from meals.models import Meal, Rating


class Rated(NamedTuple):
    rating: Rating
    created: bool
    meal: Meal  # with its new stats, and `my_rating`


@transaction.atomic
def meal_rate(*, meal_id: int, user, stars: int) -> Rated:
    """Create or update `user`'s one rating of the meal, and the meal's stats.

    The meal row is locked first, so two concurrent calls by the same user end in
    one rating (the second one updates it) instead of an IntegrityError. Raises
    Meal.DoesNotExist.
    """
    meal = Meal.objects.select_for_update().get(pk=meal_id)
    rating = Rating.objects.filter(meal=meal, user=user).first()
    created = rating is None
    if rating is None:
        rating = Rating(meal=meal, user=user)
    rating.stars = stars
    rating.save()
    [(meal.avg_rating, meal.no_of_ratings)] = meal_stats_refresh(meal_ids=[meal.pk])
    meal.my_rating = stars
    return Rated(rating, created, meal)


@transaction.atomic
def meal_unrate(*, meal_id: int, user) -> None:
    """Delete `user`'s rating of the meal, and refresh the meal's stats.

    Raises Meal.DoesNotExist, or Rating.DoesNotExist when there is no rating.
    """
    meal = Meal.objects.select_for_update().get(pk=meal_id)
    Rating.objects.get(meal=meal, user=user).delete()
    meal_stats_refresh(meal_ids=[meal.pk])


@transaction.atomic
def ratings_delete(*, ratings: QuerySet) -> None:
    """Delete these ratings (an admin's choice) and refresh their meals' stats."""
    meals = Meal.objects.select_for_update().filter(pk__in=ratings.values("meal_id"))
    meal_ids = list(meals.order_by("pk").values_list("pk", flat=True))
    ratings.delete()
    meal_stats_refresh(meal_ids=meal_ids)


def meal_stats_refresh(*, meal_ids: Collection[int]) -> list[tuple]:
    """Store each meal's average and count afresh from its ratings; returns the
    (avg_rating, no_of_ratings) pairs in the order of `meal_ids`.

    Callers hold the meals' row locks (or SQLite's write lock), so concurrent
    writers cannot interleave.
    """
    stats = meal_stats(meal_ids=meal_ids)
    for meal_id in meal_ids:
        avg_rating, no_of_ratings = stats[meal_id]
        Meal.objects.filter(pk=meal_id).update(
            avg_rating=avg_rating, no_of_ratings=no_of_ratings
        )
    return [stats[meal_id] for meal_id in meal_ids]


def meal_stats(*, meal_ids: Collection[int], leaving_out=()) -> dict[int, tuple]:
    """{meal id: (avg_rating, no_of_ratings)} from the meals' ratings, without
    those whose pks are in `leaving_out`: one indexed aggregate."""
    ratings = Rating.objects.filter(meal__in=meal_ids).exclude(pk__in=leaving_out)
    counted = {
        row["meal"]: (round(row["avg"], 2), row["count"])
        for row in ratings.order_by()
        .values("meal")
        .annotate(avg=Avg("stars"), count=Count("pk"))
    }
    return {meal_id: counted.get(meal_id, (None, 0)) for meal_id in meal_ids}
