from django.db import IntegrityError, transaction
from rest_framework import serializers

from meals.models import Meal, Rating


class MealSerializer(serializers.ModelSerializer):
    avg_rating = serializers.FloatField(read_only=True, allow_null=True)
    my_rating = serializers.IntegerField(read_only=True, allow_null=True, default=None)

    class Meta:
        model = Meal
        fields = [
            "id",
            "title",
            "description",
            "avg_rating",
            "no_of_ratings",
            "my_rating",
            "created",
            "updated",
        ]
        read_only_fields = ["no_of_ratings", "created", "updated"]

    def save(self, **kwargs):
        """Save; a title taken by a concurrent write after validation is a 400 too."""
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction lives
                return super().save(**kwargs)
        except IntegrityError:
            # The clashing row is committed by now (PostgreSQL made this insert
            # wait for it), so validating again names the field, as it would have.
            self.run_validation(self.initial_data)
            raise


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = ["id", "meal", "stars", "created", "updated"]
        read_only_fields = fields


class RateInputSerializer(serializers.Serializer):
    stars = serializers.IntegerField(min_value=1, max_value=5)

    def to_internal_value(self, data):
        # "4.5" and 4.5 must be refused, not truncated; DRF accepts 4.0 as 4.
        stars = data.get("stars") if hasattr(data, "get") else None
        if isinstance(stars, (bool, float)):
            raise serializers.ValidationError(
                {"stars": ["A valid integer is required."]}
            )
        return super().to_internal_value(data)


class RateResultSerializer(serializers.Serializer):
    rating = RatingSerializer()
    meal = MealSerializer()
