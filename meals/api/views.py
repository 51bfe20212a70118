from django.db.models import F
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import filters, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import (
    DjangoModelPermissionsOrAnonReadOnly,
    IsAuthenticated,
)
from rest_framework.response import Response

from educa.api.caching import CachedListMixin
from educa.parsing import id_or_404
from meals.api.serializers import (
    MealSerializer,
    RateInputSerializer,
    RateResultSerializer,
    RatingSerializer,
)
from meals.models import MEAL_LIST, Meal, Rating
from meals.services import meal_rate, meal_unrate


class NullsLastOrderingFilter(filters.OrderingFilter):
    """`?ordering=` with unrated meals last either way (and the pk as tiebreak)."""

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        terms = [
            F(term[1:]).desc(nulls_last=True)
            if term.startswith("-")
            else F(term).asc(nulls_last=True)
            for term in ordering
        ]
        return queryset.order_by(*terms, "pk")


class MealViewSet(CachedListMixin, viewsets.ModelViewSet):
    """Anyone reads; staff with the model permissions write; users rate."""

    list_cache_namespace = MEAL_LIST
    serializer_class = MealSerializer
    permission_classes = [DjangoModelPermissionsOrAnonReadOnly]
    filter_backends = [filters.SearchFilter, NullsLastOrderingFilter]
    search_fields = ["title", "description"]
    ordering_fields = ["title", "avg_rating", "no_of_ratings", "created"]
    ordering = ["title"]

    def get_queryset(self):
        if self.action == "list":  # `my_rating` is filled in after the cache
            return Meal.objects.all()
        return Meal.objects.with_my_rating(self.request.user)

    def personalise(self, page):
        # A page is cached without `my_rating`: add the caller's stars (one query).
        return _with_my_ratings(page, self.request.user)

    @extend_schema(
        methods=["POST"],
        request=RateInputSerializer,
        responses={200: RateResultSerializer, 201: RateResultSerializer},
    )
    @extend_schema(methods=["DELETE"], request=None, responses={204: OpenApiResponse()})
    @action(
        detail=True,
        methods=["post", "delete"],
        url_path="rate_meal",
        url_name="rate",
        permission_classes=[IsAuthenticated],
    )
    def rate_meal(self, request, pk=None):
        meal_id = id_or_404(pk)
        if request.method == "DELETE":
            meal_unrate(meal_id=meal_id, user=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = RateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rated = meal_rate(
            meal_id=meal_id, user=request.user, stars=data.validated_data["stars"]
        )
        body = {
            "rating": RatingSerializer(rated.rating).data,
            "meal": MealSerializer(rated.meal).data,
        }
        return Response(body, status=status.HTTP_201_CREATED if rated.created else 200)


def _with_my_ratings(page: dict, user) -> dict:
    meals = page["results"]
    mine = {}
    if user.is_authenticated and meals:
        ids = [meal["id"] for meal in meals]
        mine = dict(
            Rating.objects.filter(user=user, meal_id__in=ids).values_list(
                "meal_id", "stars"
            )
        )
    return {**page, "results": [{**m, "my_rating": mine.get(m["id"])} for m in meals]}


class RatingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The caller's own ratings, read-only."""

    serializer_class = RatingSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Rating.objects.none()
        return Rating.objects.filter(user=self.request.user)  # type: ignore[misc]  # IsAuthenticated: never anonymous
