import factory

from accounts.tests.factories import UserFactory
from meals.models import Meal


class MealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meal

    title = factory.Sequence(lambda n: f"Meal {n}")
    description = factory.Faker("sentence")


def rate(meal, stars, user=None):
    """Rate through the service, as the API does, so the stats stay right."""
    from meals.services import meal_rate

    return meal_rate(meal_id=meal.pk, user=user or UserFactory(), stars=stars)[0]
