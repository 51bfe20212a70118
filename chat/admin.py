from django.contrib import admin

from chat.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("sent_at", "course", "user", "content")
    list_filter = ("sent_at",)
    search_fields = ("content", "user__username", "course__title")
    list_select_related = ("course", "user")
    date_hierarchy = "sent_at"
    # Raw ids: a select of every user or course would be one huge widget.
    raw_id_fields = ("course", "user")
