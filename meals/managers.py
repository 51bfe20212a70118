from django.db import models


class MealQuerySet(models.QuerySet):
    def with_my_rating(self, user):
        """Annotate `my_rating`: the stars `user` gave, or None (one subquery)."""
        from meals.models import Rating

        if not user.is_authenticated:
            return self.annotate(my_rating=models.Value(None, models.IntegerField()))
        mine = Rating.objects.filter(meal=models.OuterRef("pk"), user=user)
        return self.annotate(my_rating=models.Subquery(mine.values("stars")[:1]))
