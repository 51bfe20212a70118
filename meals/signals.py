from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from meals.models import MEAL_LIST, Meal, Rating


@receiver([post_save, post_delete], sender=Meal)
@receiver([post_save, post_delete], sender=Rating)
def meals_changed(sender, **kwargs):
    MEAL_LIST.retire()
