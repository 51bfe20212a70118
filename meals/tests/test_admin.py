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


def stats(meal):
    meal.refresh_from_db()
    avg = None if meal.avg_rating is None else float(meal.avg_rating)
    return avg, meal.no_of_ratings


def test_deleting_a_rating_in_the_admin_updates_the_meals_stats(staff_client):
    meal = MealFactory()
    doomed = rate(meal, 1)
    rate(meal, 5)

    response = staff_client.post(
        reverse("admin:meals_rating_delete", args=[doomed.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert stats(meal) == (5.0, 1)


def test_deleting_ratings_in_bulk_updates_every_meals_stats(staff_client):
    soup, stew = MealFactory(), MealFactory()
    doomed = [rate(soup, 1), rate(stew, 2), rate(stew, 3)]
    rate(soup, 4)

    response = staff_client.post(
        reverse("admin:meals_rating_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [r.pk for r in doomed],
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert (stats(soup), stats(stew)) == ((4.0, 1), (None, 0))


def test_deleting_a_rating_inline_updates_the_meals_stats(staff_client):
    meal = MealFactory(title="Soup", description="Hot")
    doomed, kept = rate(meal, 2), rate(meal, 3)
    prefix = "ratings"
    form = {
        "title": "Soup",
        "description": "Hot",
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "2",
        f"{prefix}-0-id": str(doomed.pk),
        f"{prefix}-0-meal": str(meal.pk),
        f"{prefix}-0-DELETE": "on",
        f"{prefix}-1-id": str(kept.pk),
        f"{prefix}-1-meal": str(meal.pk),
    }

    response = staff_client.post(
        reverse("admin:meals_meal_change", args=[meal.pk]), form
    )

    assert response.status_code == 302, response.context["errors"]
    assert stats(meal) == (3.0, 1)


def test_deleting_users_in_bulk_updates_the_stats_of_every_meal_they_rated(
    staff_client,
):
    soup, stew = MealFactory(), MealFactory()
    leaving = [UserFactory(), UserFactory()]
    rate(soup, 1, user=leaving[0])
    rate(stew, 1, user=leaving[0])
    rate(stew, 2, user=leaving[1])
    rate(stew, 5)

    response = staff_client.post(
        reverse("admin:accounts_user_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [u.pk for u in leaving],
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert (stats(soup), stats(stew)) == ((None, 0), (5.0, 1))


def test_the_confirmation_page_for_deleting_a_user_changes_no_stats(staff_client):
    meal, leaving = MealFactory(), UserFactory()
    rate(meal, 1, user=leaving)
    rate(meal, 5)

    response = staff_client.get(
        reverse("admin:accounts_user_delete", args=[leaving.pk])
    )

    assert response.status_code == 200
    assert stats(meal) == (3.0, 2)
