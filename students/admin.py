from django.contrib import admin

from students.models import Completion, CourseCompletion


@admin.register(Completion)
class CompletionAdmin(admin.ModelAdmin):
    list_display = ("student", "content", "created")
    list_select_related = ("student", "content__content_type")
    search_fields = ("student__username",)
    raw_id_fields = ("student", "content")
    date_hierarchy = "created"


@admin.register(CourseCompletion)
class CourseCompletionAdmin(admin.ModelAdmin):
    list_display = ("student", "course", "completed")
    list_select_related = ("student", "course")
    search_fields = ("student__username", "student__email", "course__title")
    raw_id_fields = ("student", "course")
    date_hierarchy = "completed"
