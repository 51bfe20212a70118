import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.tests.factories import UserFactory
from educa.tests.helpers import post_concurrently
from meals.models import Rating
from meals.tests.factories import MealFactory


def bearer_client(user):
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}"
    )
    return client


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_by_one_user_end_in_one_rating():
    user, meal = UserFactory(), MealFactory()
    url = f"/api/meals/{meal.pk}/rate_meal/"

    statuses = post_concurrently(
        [(bearer_client(user), url, {"stars": s}) for s in (2, 5)], format="json"
    )

    assert sorted(statuses) == [200, 201]
    rating = Rating.objects.get(meal=meal, user=user)
    meal.refresh_from_db()
    assert (meal.no_of_ratings, float(meal.avg_rating)) == (1, rating.stars)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_ratings_by_many_users_keep_the_stats_exact():
    meal = MealFactory()
    users = [UserFactory() for _ in range(8)]
    url = f"/api/meals/{meal.pk}/rate_meal/"

    statuses = post_concurrently(
        [(bearer_client(u), url, {"stars": 1 + i % 5}) for i, u in enumerate(users)]
    )

    assert statuses == [201] * 8
    meal.refresh_from_db()
    expected = round(sum(1 + i % 5 for i in range(8)) / 8, 2)
    assert (meal.no_of_ratings, float(meal.avg_rating)) == (8, expected)
