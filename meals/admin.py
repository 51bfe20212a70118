from django.contrib import admin

from meals.models import Meal, Rating
from meals.services import ratings_delete


class RatingInline(admin.TabularInline):
    # Read-only: ratings change through the API, which keeps the meal's stats.
    model = Rating
    fields = ("user", "stars", "updated")
    readonly_fields = fields
    extra = 0
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meal)
class MealAdmin(admin.ModelAdmin):
    list_display = ("title", "avg_rating", "no_of_ratings", "updated")
    search_fields = ("title", "description")
    readonly_fields = ("avg_rating", "no_of_ratings", "created", "updated")
    inlines = [RatingInline]

    def save_formset(self, request, form, formset, change):
        # The inline's ratings are read-only: only deletions come back, and they
        # go through the service that keeps the meal's stats.
        formset.save(commit=False)
        deleted = [rating.pk for rating in formset.deleted_objects]
        ratings_delete(ratings=Rating.objects.filter(pk__in=deleted))


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("meal", "user", "stars", "updated")
    list_filter = ("stars",)
    search_fields = ("meal__title", "user__username")
    list_select_related = ("meal", "user")
    readonly_fields = ("meal", "user", "stars", "created", "updated")

    def has_add_permission(self, request):
        return False

    # Deletions go through the service that keeps the meals' stats.
    def delete_model(self, request, obj):
        ratings_delete(ratings=Rating.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        ratings_delete(ratings=queryset)
