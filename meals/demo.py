"""Demo meals for `make run` (see `seed_demo`), with a few ratings by demo users."""

import json

from django.conf import settings
from django.contrib.auth import get_user_model

from meals.models import Meal
from meals.services import meal_rate

DEMO_MEALS = settings.BASE_DIR / "fixtures" / "meals.json"
# (username, meal index, stars): a few ratings so the averages show something.
DEMO_RATINGS = [
    ("student", 0, 5),
    ("student", 1, 4),
    ("student", 3, 2),
    ("student2", 0, 4),
    ("student2", 1, 5),
    ("student2", 5, 3),
    ("instructor", 0, 3),
    ("instructor", 8, 5),
]


def seed(stdout) -> None:
    """Create the missing demo meals; rate them once (existing ratings stay)."""
    meals = [
        Meal.objects.get_or_create(title=spec["title"], defaults=spec)[0]
        for spec in json.loads(DEMO_MEALS.read_text())
    ]
    users = get_user_model().objects.in_bulk(
        [name for name, _, _ in DEMO_RATINGS], field_name="username"
    )
    for username, index, stars in DEMO_RATINGS:
        user, meal = users.get(username), meals[index]
        if user and not meal.ratings.filter(user=user).exists():
            meal_rate(meal_id=meal.pk, user=user, stars=stars)
    stdout.write(f"  {len(meals)} demo meals at /api/meals/")
