from typing import cast

from django.contrib import admin

from courses.managers import ContentQuerySet, place_among
from courses.models import (
    Content,
    Course,
    File,
    Image,
    Module,
    Quiz,
    Subject,
    Text,
    Video,
)
from courses.quiz_text import quiz_text_of


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ("title", "slug")
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}


class ModuleInline(admin.StackedInline):
    model = Module
    # The order is changed on the CMS's module page; a new module comes last.
    fields = ("position", "title", "description")
    readonly_fields = ("position",)
    extra = 0

    def get_queryset(self, request):
        return place_among(super().get_queryset(request), "course")

    @admin.display(description="position")
    def position(self, module) -> int | None:
        # Numbered from 1 as the site's lists are (None on a new module's form).
        return getattr(module, "place", None)


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "subject", "owner", "created")
    list_filter = ("created", "subject")
    search_fields = ("title", "overview", "owner__username")
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = ("subject", "owner")
    # Searched as one types (the user admin's search fields): a select of every
    # user would be one huge widget, and raw ids say nothing.
    autocomplete_fields = ("owner", "students")
    inlines = [ModuleInline]


@admin.register(Content)
class ContentAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "course", "module", "position")
    list_filter = ("content_type",)
    search_fields = ("module__title", "module__course__title")
    raw_id_fields = ("module",)

    def get_queryset(self, request):
        # Each row's course and kind joined, and its item: one query per kind.
        contents = cast(ContentQuerySet, super().get_queryset(request))
        contents = contents.select_related("module__course").with_items()
        # Joined, so CourseManager cannot defer it: a page holds 100 rows.
        contents = contents.defer("module__course__search_vector")
        return place_among(contents, "module")

    @admin.display(description="title")
    def title(self, content) -> str:
        return getattr(content.item, "title", "(item missing)")

    @admin.display(description="kind", ordering="content_type__model")
    def kind(self, content) -> str:
        return content.content_type.model

    @admin.display(description="course", ordering="module__course__title")
    def course(self, content):
        return content.module.course

    @admin.display(description="position", ordering="order")
    def position(self, content) -> int:
        return content.place


@admin.register(Text, File, Image, Video)
class ItemAdmin(admin.ModelAdmin):
    list_display: tuple[str, ...] = ("title", "owner", "updated")
    list_select_related = ("owner",)
    search_fields = ("title", "owner__username")
    raw_id_fields = ("owner",)


@admin.register(Quiz)
class QuizAdmin(ItemAdmin):
    list_display = ("title", "owner", "pass_mark", "max_attempts", "updated")
    # The questions are written as text in the CMS (its parser checks them).
    readonly_fields = ("questions",)

    @admin.display(description="questions (edited in the CMS)")
    def questions(self, quiz) -> str:
        return quiz_text_of(quiz)
