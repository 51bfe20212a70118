import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.tests.factories import UserFactory
from meals.models import Meal
from meals.tests.factories import MealFactory, rate

LIST = reverse("api:meal-list")


def detail(meal):
    return reverse("api:meal-detail", args=[meal.pk])


@pytest.mark.django_db
def test_anyone_lists_meals_with_average_and_count(api_client):
    meal = MealFactory(title="Soup")
    rate(meal, 5)
    rate(meal, 4)
    MealFactory(title="Toast")

    response = api_client.get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    soup, toast = body["results"]
    assert (soup["title"], soup["avg_rating"], soup["no_of_ratings"]) == (
        "Soup",
        4.5,
        2,
    )
    assert (toast["avg_rating"], toast["no_of_ratings"]) == (None, 0)
    assert soup["my_rating"] is None


@pytest.mark.django_db
def test_the_average_is_rounded_to_two_places(api_client):
    meal = MealFactory()
    for stars in (5, 4, 4):
        rate(meal, stars)

    assert api_client.get(detail(meal)).json()["avg_rating"] == 4.33


@pytest.mark.django_db
def test_an_authenticated_caller_sees_their_own_rating(auth_api_client):
    meal = MealFactory()
    rate(meal, 3, user=auth_api_client.user)
    rate(meal, 5)

    assert auth_api_client.get(detail(meal)).json()["my_rating"] == 3


@pytest.mark.django_db
def test_ordering_by_average_puts_unrated_meals_last(api_client):
    low, high, unrated = MealFactory(), MealFactory(), MealFactory()
    rate(low, 2)
    rate(high, 5)

    titles = [
        m["title"]
        for m in api_client.get(LIST, {"ordering": "-avg_rating"}).json()["results"]
    ]

    assert titles == [high.title, low.title, unrated.title]


@pytest.mark.django_db
def test_search_matches_title_and_description(api_client):
    MealFactory(title="Lentil soup", description="warm")
    MealFactory(title="Salad", description="with lentils")
    MealFactory(title="Toast", description="crunchy")

    results = api_client.get(LIST, {"search": "lentil"}).json()["results"]

    assert {m["title"] for m in results} == {"Lentil soup", "Salad"}


@pytest.mark.django_db
def test_an_unknown_meal_is_404(api_client):
    assert api_client.get(reverse("api:meal-detail", args=[999])).status_code == 404


@pytest.mark.django_db
def test_anonymous_cannot_create_a_meal(api_client):
    assert api_client.post(LIST, {"title": "New"}).status_code == 401


@pytest.mark.django_db
def test_a_user_without_the_permission_cannot_create_a_meal(auth_api_client):
    assert auth_api_client.post(LIST, {"title": "New"}).status_code == 403
    assert not Meal.objects.exists()


@pytest.mark.django_db
def test_staff_with_the_permissions_manage_meals(api_client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["add_meal", "change_meal", "delete_meal"]
        )
    )
    api_client.force_authenticate(staff)

    created = api_client.post(LIST, {"title": "New", "description": "d"})
    meal = Meal.objects.get(title="New")
    patched = api_client.patch(detail(meal), {"title": "Renamed"})
    duplicate = api_client.post(LIST, {"title": "Renamed"})
    deleted = api_client.delete(detail(meal))

    assert (created.status_code, patched.status_code) == (201, 200)
    assert duplicate.status_code == 400
    assert "title" in duplicate.json()
    assert deleted.status_code == 204
    assert not Meal.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("meals", [3, 40])
def test_the_meal_list_runs_the_same_queries_at_any_size(
    auth_api_client, django_assert_num_queries, meals
):
    for n in range(meals):
        meal = MealFactory()
        rate(meal, 1 + n % 5)
        rate(meal, 5, user=auth_api_client.user)

    # Cold: 1 user lookup for the token + 1 count for the paginator + 1 page of
    # meals carrying their stored stats + 1 for the caller's stars on that page.
    with django_assert_num_queries(4):
        cold = auth_api_client.get(LIST, {"ordering": "-avg_rating"})
    # Cached: the page comes from the cache; the user and their stars do not.
    with django_assert_num_queries(2):
        warm = auth_api_client.get(LIST, {"ordering": "-avg_rating"})

    assert cold.status_code == warm.status_code == 200
    assert cold.json() == warm.json()
    assert warm.json()["results"][0]["my_rating"] == 5


@pytest.mark.django_db
def test_the_top_rated_page_is_read_from_an_index_not_sorted(api_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(30):
        rate(MealFactory(), 1 + n % 5)
    MealFactory()  # unrated
    with CaptureQueriesContext(connection) as queries:
        api_client.get(LIST, {"ordering": "-avg_rating"})
    page_sql = next(q["sql"] for q in queries if "ORDER BY" in q["sql"])

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # tiny tables
            cursor.execute("EXPLAIN " + page_sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + page_sql)
        plan = " ".join(str(row) for row in cursor.fetchall())

    assert "meals_meal_top_rated" in plan
    assert "Sort" not in plan
    assert "TEMP B-TREE" not in plan
