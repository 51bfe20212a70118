import pytest
from django.db import IntegrityError, transaction

from accounts.tests.factories import UserFactory
from meals.models import Rating
from meals.tests.factories import MealFactory, rate


@pytest.mark.django_db
def test_the_database_refuses_a_second_rating_by_the_same_user():
    rating = rate(MealFactory(), 3)

    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(meal=rating.meal, user=rating.user, stars=4)


@pytest.mark.django_db
@pytest.mark.parametrize("stars", [0, 6])
def test_the_database_refuses_stars_outside_1_to_5(stars):
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(meal=MealFactory(), user=UserFactory(), stars=stars)


@pytest.mark.django_db
def test_deleting_a_meal_removes_its_ratings():
    meal = MealFactory()
    rate(meal, 4)
    kept = rate(MealFactory(), 2)

    meal.delete()

    assert list(Rating.objects.all()) == [kept]
