from django.db import models


class CourseQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)

    def for_manage_list(self):
        """Course rows for the instructor's list: subject and module count."""
        # Meta.ordering is not applied to GROUP BY queries: order explicitly.
        return (
            self.select_related("subject")
            .annotate(module_count=models.Count("modules"))
            .order_by("-created", "-pk")
        )


class ModuleQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(course__owner=user)


class ContentQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(module__course__owner=user)

    def with_items(self):
        """Contents with their items: one query per kind, not one per content."""
        return self.select_related("content_type").prefetch_related("item")
