from django.db import transaction
from django.db.models import Avg, Count
from django.shortcuts import get_object_or_404

from meals.models import Meal, Rating


def meal_refresh_stats(*, meal_id: int) -> None:
    """Recompute a meal's stored average and count from its ratings.

    An indexed aggregate over one meal's ratings; callers hold the meal's row lock
    (or SQLite's write lock), so concurrent writers cannot interleave.
    """
    stats = Rating.objects.filter(meal_id=meal_id).aggregate(
        avg=Avg("stars"), count=Count("id")
    )
    avg = None if stats["avg"] is None else round(stats["avg"], 2)
    Meal.objects.filter(pk=meal_id).update(avg_rating=avg, no_of_ratings=stats["count"])


@transaction.atomic
def meal_rate(*, meal_id: int, user, stars: int) -> tuple[Rating, bool]:
    """Create or update `user`'s one rating of the meal; returns (rating, created).

    The meal row is locked first, so two concurrent calls by the same user end in
    one rating (the second one updates it) instead of an IntegrityError.
    """
    meal = get_object_or_404(Meal.objects.select_for_update(), pk=meal_id)
    rating, created = Rating.objects.update_or_create(
        meal=meal, user=user, defaults={"stars": stars}
    )
    meal_refresh_stats(meal_id=meal.pk)
    return rating, created


@transaction.atomic
def meal_unrate(*, meal_id: int, user) -> None:
    """Delete `user`'s rating of the meal (404 when there is none)."""
    meal = get_object_or_404(Meal.objects.select_for_update(), pk=meal_id)
    # The post_delete signal refreshes the stats, as for cascaded deletes.
    get_object_or_404(Rating, meal=meal, user=user).delete()
