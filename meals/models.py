from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction

from educa.cache import Namespace
from meals.managers import MealQuerySet

# The meal list's pages, retired by any meal or rating write (meals.signals).
MEAL_LIST = Namespace("meals:list")


def delete_and_recount(collector, field, sub_objs, using):
    """on_delete of a rating's user: the ratings go with the user (CASCADE), and
    their meals' stored stats are set to a count made without them.

    Deleting a user is the one path to ratings that no meals service sees (the
    accounts app knows nothing of meals). The new stats are field updates on the
    collector, as SET_NULL's are: written only when it deletes, in its
    transaction, and never by the admin's confirmation page, which collects too.
    """
    from meals.services import meal_stats

    models.CASCADE(collector, field, sub_objs, using)
    rows = [(rating.pk, rating.meal_id) for rating in sub_objs]
    meals = Meal.objects.filter(pk__in={meal for _, meal in rows}).order_by("pk")
    if transaction.get_connection(using).in_atomic_block:  # as in the admin
        # Held until the deletion commits: no rating lands between count and write.
        meals = meals.select_for_update()
    meal_ids = list(meals.values_list("pk", flat=True))
    stats = meal_stats(meal_ids=meal_ids, leaving_out=[pk for pk, _ in rows])
    for meal_id, (avg_rating, no_of_ratings) in stats.items():
        meal = [Meal(pk=meal_id)]
        collector.add_field_update(Meal._meta.get_field("avg_rating"), avg_rating, meal)
        collector.add_field_update(
            Meal._meta.get_field("no_of_ratings"), no_of_ratings, meal
        )


class Meal(models.Model):
    title = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    # Stored rating stats, kept in step with the ratings by `meal_stats_refresh`
    # in the same transaction: lists then sort and page without aggregating.
    avg_rating = models.DecimalField(
        max_digits=3, decimal_places=2, null=True, editable=False, db_index=True
    )
    no_of_ratings = models.PositiveIntegerField(default=0, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = MealQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class Rating(models.Model):
    meal = models.ForeignKey(Meal, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=delete_and_recount, related_name="ratings"
    )
    stars = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated"]
        constraints = [
            models.UniqueConstraint(
                fields=["meal", "user"], name="meals_rating_one_per_user"
            ),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5),
                name="meals_rating_stars_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.user} gave {self.meal} {self.stars}/5"
