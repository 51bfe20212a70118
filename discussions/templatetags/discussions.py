"""What other apps' templates show of the boards, without importing this app:
`{% load discussions %}`."""

from django import template
from django.db.models import Count, Exists, F, OuterRef

from discussions.models import Comment, Post

register = template.Library()


@register.simple_tag
def unanswered_counts(courses) -> dict[int, int]:
    """{course id: its posts the owner has not commented on} for `courses` (with
    `pk` and `owner_id`), in one query for them all; none without courses.

    A comment by anyone else does not answer a post, and the owner's own posts
    ask nothing of them.
    """
    ids = [course.pk for course in courses]
    if not ids:
        return {}
    owner_comments = Comment.objects.filter(
        post=OuterRef("pk"), author=OuterRef("course__owner_id")
    )
    counts = (
        Post.objects.filter(course__in=ids)
        .exclude(author=F("course__owner_id"))
        .exclude(Exists(owner_comments))
        .order_by()
        .values("course")
        .annotate(n=Count("pk"))
        .values_list("course", "n")
    )
    return dict(counts)


@register.filter
def count_for(counts: dict[int, int], course) -> int:
    """The count of `course` (or its id) in `counts`, 0 if it has none."""
    return counts.get(getattr(course, "pk", course), 0)
