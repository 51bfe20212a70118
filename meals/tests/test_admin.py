import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from meals.tests.factories import MealFactory, rate


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_meal_list_shows_average_and_count(staff_client):
    meal = MealFactory(title="Soup")
    rate(meal, 4)
    rate(meal, 5)

    response = staff_client.get(reverse("admin:meals_meal_changelist"))

    assert response.status_code == 200
    assert b"4.50" in response.content
    assert b"Avg rating" in response.content


def test_the_meal_page_shows_its_ratings_inline(staff_client):
    meal = MealFactory()
    rating = rate(meal, 3)

    response = staff_client.get(reverse("admin:meals_meal_change", args=[meal.pk]))

    assert response.status_code == 200
    assert rating.user.username.encode() in response.content


def test_ratings_can_be_filtered_by_stars(staff_client):
    rate(MealFactory(title="Five star meal"), 5)
    rate(MealFactory(title="One star meal"), 1)

    response = staff_client.get(
        reverse("admin:meals_rating_changelist"), {"stars": "5"}
    )

    assert b"Five star meal" in response.content
    assert b"One star meal" not in response.content


def test_meals_can_be_searched(staff_client):
    MealFactory(title="Borscht")
    MealFactory(title="Paella")

    response = staff_client.get(reverse("admin:meals_meal_changelist"), {"q": "bors"})

    assert b"Borscht" in response.content
    assert b"Paella" not in response.content
