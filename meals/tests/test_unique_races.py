"""Concurrent writes that clash on a meal's unique title: a 400, never a 500."""

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from educa.tests.helpers import responses_concurrently, saves_held_together
from meals.models import Meal
from meals.tests.factories import MealFactory

LIST = "/api/meals/"
RACERS = 10

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def staff_client():
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_meal", "change_meal"])
    )
    client = APIClient()
    client.force_authenticate(staff)
    return client


def test_ten_staff_creating_one_title_at_once_get_one_201_and_nine_400s():
    requests = [(staff_client(), LIST, {"title": "Soup"}) for _ in range(RACERS)]

    with saves_held_together(Meal, RACERS):
        responses = responses_concurrently(requests, format="json")

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [400] * (RACERS - 1)
    refused = [r.json() for r in responses if r.status_code == 400]
    assert all(list(body) == ["title"] for body in refused), refused
    assert Meal.objects.filter(title="Soup").count() == 1


def test_ten_staff_renaming_meals_to_one_title_at_once_get_one_200_and_nine_400s():
    meals = MealFactory.create_batch(RACERS)
    requests = [(staff_client(), f"{LIST}{m.pk}/", {"title": "Stew"}) for m in meals]

    with saves_held_together(Meal, RACERS):
        responses = responses_concurrently(requests, method="patch", format="json")

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [400] * (RACERS - 1)
    refused = [r.json() for r in responses if r.status_code == 400]
    assert all(list(body) == ["title"] for body in refused), refused
    assert Meal.objects.filter(title="Stew").count() == 1
