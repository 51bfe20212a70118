from django.db.models.signals import post_delete
from django.dispatch import receiver

from meals.models import Rating


@receiver(post_delete, sender=Rating)
def rating_deleted(sender, instance, **kwargs):
    # Ratings also vanish through cascades (a user deleted in the admin); keep
    # the meal's stored stats right then too. A deleted meal needs nothing.
    from meals.services import meal_refresh_stats

    meal_refresh_stats(meal_id=instance.meal_id)
