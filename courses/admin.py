from django.contrib import admin

from courses.models import Content, Course, File, Image, Module, Subject, Text, Video


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ("title", "slug")
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}


class ModuleInline(admin.StackedInline):
    model = Module
    fields = ("title", "description", "order")
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "subject", "owner", "created")
    list_filter = ("created", "subject")
    search_fields = ("title", "overview", "owner__username")
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = ("subject", "owner")
    # Raw ids: a select of every user would be one huge widget.
    raw_id_fields = ("owner", "students")
    inlines = [ModuleInline]


@admin.register(Content)
class ContentAdmin(admin.ModelAdmin):
    list_display = ("module", "content_type", "object_id", "order")
    list_filter = ("content_type",)
    list_select_related = ("module", "content_type")
    raw_id_fields = ("module",)


@admin.register(Text, File, Image, Video)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "updated")
    list_select_related = ("owner",)
    search_fields = ("title", "owner__username")
    raw_id_fields = ("owner",)
