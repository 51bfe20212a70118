"""The meal list is cached, and nobody sees it stale after a write."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from educa.settings import memcached_cache
from meals.services import meal_unrate
from meals.tests.factories import MealFactory, rate

LIST = reverse("api:meal-list")


def titles_and_stats(client, **params):
    body = client.get(LIST, params).json()
    return [(m["title"], m["avg_rating"], m["no_of_ratings"]) for m in body["results"]]


@pytest.fixture
def soup(db):
    return MealFactory(title="Soup")


@pytest.mark.django_db
def test_an_anonymous_cached_page_runs_no_query(
    api_client, soup, django_assert_num_queries
):
    api_client.get(LIST)

    with django_assert_num_queries(0):
        assert api_client.get(LIST).json()["results"][0]["title"] == "Soup"


def test_a_rating_shows_in_the_next_cached_page(
    api_client, soup, django_capture_on_commit_callbacks
):
    assert titles_and_stats(api_client) == [("Soup", None, 0)]

    with django_capture_on_commit_callbacks(execute=True):
        rate(soup, 4)

    assert titles_and_stats(api_client) == [("Soup", 4.0, 1)]


def test_a_removed_rating_shows_in_the_next_cached_page(
    api_client, soup, django_capture_on_commit_callbacks
):
    rating = rate(soup, 4)
    assert titles_and_stats(api_client) == [("Soup", 4.0, 1)]

    with django_capture_on_commit_callbacks(execute=True):
        meal_unrate(meal_id=soup.pk, user=rating.user)

    assert titles_and_stats(api_client) == [("Soup", None, 0)]


def test_an_edited_or_deleted_meal_shows_in_the_next_cached_page(
    api_client, soup, django_capture_on_commit_callbacks
):
    toast = MealFactory(title="Toast")
    assert [t for t, *_ in titles_and_stats(api_client)] == ["Soup", "Toast"]

    with django_capture_on_commit_callbacks(execute=True):
        soup.title = "Stew"
        soup.save()
        toast.delete()

    assert [t for t, *_ in titles_and_stats(api_client)] == ["Stew"]


def test_a_deleted_user_takes_their_ratings_out_of_the_cached_page(
    api_client, soup, django_capture_on_commit_callbacks
):
    rating = rate(soup, 2)
    assert titles_and_stats(api_client) == [("Soup", 2.0, 1)]

    with django_capture_on_commit_callbacks(execute=True):
        rating.user.delete()

    assert titles_and_stats(api_client) == [("Soup", None, 0)]


def test_each_query_string_is_its_own_page(api_client, soup):
    MealFactory(title="Toast")
    rate(soup, 1)

    by_title = titles_and_stats(api_client)
    by_rating = titles_and_stats(api_client, ordering="-avg_rating")
    searched = titles_and_stats(api_client, search="toa")

    assert [t for t, *_ in by_title] == ["Soup", "Toast"]
    assert [t for t, *_ in by_rating] == ["Soup", "Toast"]
    assert [t for t, *_ in searched] == ["Toast"]


def test_callers_sharing_a_cached_page_each_see_their_own_rating(api_client, soup):
    alice, bob = UserFactory(), UserFactory()
    rate(soup, 5, user=alice)
    rate(soup, 2, user=bob)

    def my_rating(user):
        api_client.force_authenticate(user)
        return api_client.get(LIST).json()["results"][0]["my_rating"]

    assert [my_rating(alice), my_rating(bob), my_rating(None)] == [5, 2, None]


def test_the_list_still_answers_when_memcached_is_down(
    api_client, soup, settings, refused_address
):
    settings.CACHES = {"default": memcached_cache([refused_address])}

    assert titles_and_stats(api_client) == [("Soup", None, 0)]
    soup.title = "Stew"
    soup.save()  # with no cache to invalidate, the next read is fresh anyway
    assert titles_and_stats(api_client) == [("Stew", None, 0)]


def test_the_list_is_cached_in_memcached_and_invalidated_there(
    api_client, soup, use_memcached, django_capture_on_commit_callbacks
):
    assert titles_and_stats(api_client) == [("Soup", None, 0)]

    with django_capture_on_commit_callbacks(execute=True):
        rate(soup, 3)

    assert titles_and_stats(api_client) == [("Soup", 3.0, 1)]
