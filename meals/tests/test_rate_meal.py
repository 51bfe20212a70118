import pytest
from django.db.models import Avg, Count
from django.urls import reverse

from accounts.tests.factories import UserFactory
from meals.models import Meal, Rating
from meals.tests.factories import MealFactory, rate


def rate_url(meal_id):
    return reverse("api:meal-rate", args=[meal_id])


@pytest.mark.django_db
def test_rating_a_meal_creates_the_callers_rating(auth_api_client):
    meal = MealFactory()

    response = auth_api_client.post(rate_url(meal.pk), {"stars": 4})

    assert response.status_code == 201
    body = response.json()
    assert body["rating"]["stars"] == 4
    assert (body["meal"]["avg_rating"], body["meal"]["no_of_ratings"]) == (4.0, 1)
    assert body["meal"]["my_rating"] == 4
    assert Rating.objects.get().user == auth_api_client.user


@pytest.mark.django_db
def test_rating_again_updates_the_one_rating(auth_api_client):
    meal = MealFactory()
    auth_api_client.post(rate_url(meal.pk), {"stars": 4})

    response = auth_api_client.post(rate_url(meal.pk), {"stars": 2})

    assert response.status_code == 200
    assert response.json()["meal"]["avg_rating"] == 2.0
    assert Rating.objects.count() == 1


@pytest.mark.django_db
def test_form_encoded_bodies_work(auth_api_client):
    meal = MealFactory()

    response = auth_api_client.post(
        rate_url(meal.pk), {"stars": "5"}, format="multipart"
    )

    assert response.status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize("stars", [0, 6, 4.5, "4.5", "abc", None, True, -1])
def test_bad_stars_are_a_400_with_a_field_error(auth_api_client, stars):
    meal = MealFactory()
    rate(meal, 3, user=auth_api_client.user)

    response = auth_api_client.post(rate_url(meal.pk), {"stars": stars})

    assert response.status_code == 400
    assert "stars" in response.json()
    assert Rating.objects.get().stars == 3


@pytest.mark.django_db
def test_missing_stars_are_a_400(auth_api_client):
    response = auth_api_client.post(rate_url(MealFactory().pk), {})

    assert response.status_code == 400
    assert "stars" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("meal_id", [999, "abc"])
def test_rating_an_unknown_meal_is_404(auth_api_client, meal_id):
    url = f"/api/meals/{meal_id}/rate_meal/"

    assert auth_api_client.post(url, {"stars": 3}).status_code == 404


@pytest.mark.django_db
def test_anonymous_cannot_rate(api_client):
    assert api_client.post(rate_url(MealFactory().pk), {"stars": 3}).status_code == 401


@pytest.mark.django_db
def test_deleting_removes_the_callers_rating_only(auth_api_client):
    meal = MealFactory()
    rate(meal, 5, user=auth_api_client.user)
    rate(meal, 1)

    response = auth_api_client.delete(rate_url(meal.pk))

    assert response.status_code == 204
    meal.refresh_from_db()
    assert (meal.no_of_ratings, float(meal.avg_rating)) == (1, 1.0)


@pytest.mark.django_db
def test_deleting_without_a_rating_is_404(auth_api_client):
    assert auth_api_client.delete(rate_url(MealFactory().pk)).status_code == 404


@pytest.mark.django_db
def test_deleting_a_user_removes_their_ratings_and_updates_the_stats():
    meal = MealFactory()
    leaving = UserFactory()
    rate(meal, 5, user=leaving)
    rate(meal, 1)

    leaving.delete()

    meal.refresh_from_db()
    assert (meal.no_of_ratings, float(meal.avg_rating)) == (1, 1.0)


@pytest.mark.django_db
def test_stored_stats_match_a_fresh_aggregate_after_mixed_writes(auth_api_client):
    meals = [MealFactory() for _ in range(4)]
    users = [UserFactory() for _ in range(6)]
    for step in range(60):
        meal, user = meals[step % 4], users[step % 6]
        auth_api_client.force_authenticate(user)
        if step % 7 == 3 and Rating.objects.filter(meal=meal, user=user).exists():
            auth_api_client.delete(rate_url(meal.pk))
        else:
            auth_api_client.post(rate_url(meal.pk), {"stars": 1 + step * 3 % 5})

    fresh = Meal.objects.annotate(a=Avg("ratings__stars"), c=Count("ratings"))
    for meal in fresh:
        expected = None if meal.a is None else round(meal.a, 2)
        assert meal.no_of_ratings == meal.c
        assert (None if meal.avg_rating is None else float(meal.avg_rating)) == expected


@pytest.mark.django_db
def test_ratings_lists_only_the_callers_ratings(auth_api_client):
    mine = rate(MealFactory(), 4, user=auth_api_client.user)
    rate(MealFactory(), 2)

    response = auth_api_client.get(reverse("api:rating-list"))

    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [mine.pk]


@pytest.mark.django_db
def test_someone_elses_rating_is_404(auth_api_client):
    other = rate(MealFactory(), 2)

    assert (
        auth_api_client.get(reverse("api:rating-detail", args=[other.pk])).status_code
        == 404
    )


@pytest.mark.django_db
def test_ratings_need_a_token(api_client):
    assert api_client.get(reverse("api:rating-list")).status_code == 401


@pytest.mark.django_db
def test_the_services_say_what_is_missing_and_the_api_answers_404(auth_api_client):
    from meals.services import meal_rate, meal_unrate

    meal, user = MealFactory(), auth_api_client.user
    with pytest.raises(Meal.DoesNotExist):
        meal_rate(meal_id=meal.pk + 1, user=user, stars=3)
    with pytest.raises(Rating.DoesNotExist):
        meal_unrate(meal_id=meal.pk, user=user)

    response = auth_api_client.post(rate_url(meal.pk + 1), {"stars": 3})

    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})
