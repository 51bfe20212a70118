from typing import cast

from django.contrib import admin

from discussions.managers import PostQuerySet
from discussions.models import Comment, Like, Post

# Texts are shown as Django's admin shows any text: escaped. Nothing here is
# marked safe.


class CommentInline(admin.StackedInline):
    model = Comment
    fields = ("author", "body", "created", "edited")
    readonly_fields = ("created", "edited")
    autocomplete_fields = ("author",)
    extra = 0


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "course",
        "author",
        "created",
        "edited",
        "likes",
        "comments",
    )
    list_filter = ("course",)
    search_fields = ("title", "body", "author__username", "course__title")
    list_select_related = ("course", "author")
    autocomplete_fields = ("course", "author")
    readonly_fields = ("created", "edited")
    date_hierarchy = "created"
    inlines = [CommentInline]

    def get_queryset(self, request):
        # Counted in the list's one query (PostQuerySet.with_counts).
        return cast(PostQuerySet, super().get_queryset(request)).with_counts()

    @admin.display(ordering="like_count")
    def likes(self, post) -> int:
        return post.like_count

    @admin.display(ordering="comment_count")
    def comments(self, post) -> int:
        return post.comment_count


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "post", "author", "created", "edited")
    search_fields = ("body", "author__username", "post__title")
    list_select_related = ("post", "author")
    autocomplete_fields = ("post", "author")
    readonly_fields = ("created", "edited")


@admin.register(Like)
class LikeAdmin(admin.ModelAdmin):
    list_display = ("__str__", "post", "user", "created")
    search_fields = ("user__username", "post__title")
    list_select_related = ("post", "user")
    autocomplete_fields = ("post", "user")
