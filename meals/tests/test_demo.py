from io import StringIO

import pytest
from django.core.management import call_command

from meals.models import Meal, Rating


@pytest.mark.django_db
def test_seed_demo_loads_a_dozen_rated_meals_once():
    call_command("seed_demo", "--force", stdout=StringIO())
    call_command("seed_demo", "--force", stdout=StringIO())

    assert Meal.objects.count() == 12
    assert Rating.objects.count() == 8
    assert Meal.objects.get(title="Lentil soup").no_of_ratings == 3
