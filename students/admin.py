from django.contrib import admin

from students.models import Completion


@admin.register(Completion)
class CompletionAdmin(admin.ModelAdmin):
    list_display = ("student", "content", "created")
    list_select_related = ("student", "content__content_type")
    search_fields = ("student__username",)
    raw_id_fields = ("student", "content")
    date_hierarchy = "created"
