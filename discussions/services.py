"""Writes on the course boards. Each checks the caller's right against the
database (CourseQuerySet.open_to) in its own transaction, and raises Django's
PermissionDenied when it fails: the API answers 403, the pages 404."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from courses.models import Course
from discussions.models import Comment, Like, Post

NOT_OPEN = "Only the course's students and its owner take part in its discussion."
NOT_AUTHOR = "Only the author can edit this."
NOT_AUTHOR_OR_OWNER = "Only the author or the course's owner can delete this."


def _check_open(user, course_id: int) -> None:
    if not Course.objects.open_to(user).filter(pk=course_id).exists():
        raise PermissionDenied(NOT_OPEN)


def _owner_id(course_id: int) -> int | None:
    return (
        Course.objects.filter(pk=course_id).values_list("owner_id", flat=True).first()
    )


@transaction.atomic
def post_create(*, author, course: Course, title: str, body: str) -> Post:
    """A new post by `author`, one of the course's students or its owner."""
    _check_open(author, course.pk)
    post = Post(course=course, author=author, title=title, body=body)
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def post_update(
    *, user, post: Post, title: str | None = None, body: str | None = None
) -> Post:
    """Change the title and/or body; only the author (while they still have
    access). A real change marks the post edited."""
    if user.pk != post.author_id:
        raise PermissionDenied(NOT_AUTHOR)
    _check_open(user, post.course_id)
    changed = False
    for field, value in (("title", title), ("body", body)):
        if value is not None and value != getattr(post, field):
            setattr(post, field, value)
            changed = True
    post.full_clean()
    if changed:
        post.edited = timezone.now()
        post.save(update_fields=["title", "body", "edited"])
    return post


def _check_may_delete(user, *, author_id: int, course_id: int) -> None:
    # The course's owner moderates; an author may delete while they have access.
    if user.pk == _owner_id(course_id):
        return
    if user.pk != author_id:
        raise PermissionDenied(NOT_AUTHOR_OR_OWNER)
    _check_open(user, course_id)


@transaction.atomic
def post_delete(*, user, post: Post) -> None:
    """Delete the post with its comments and likes: its author, or the
    course's owner."""
    _check_may_delete(user, author_id=post.author_id, course_id=post.course_id)
    # Locked before its comments and likes are collected: one being added
    # meanwhile is committed first and deleted with it (_lock_post_for_child).
    if not Post.objects.select_for_update().filter(pk=post.pk).exists():
        return  # deleted meanwhile
    post.delete()


def _lock_post_for_child(post_id: int) -> None:
    """Hold the post until the transaction ends, so that it cannot be deleted
    under a new comment or like, else raise Post.DoesNotExist.

    PostgreSQL checks foreign keys at COMMIT (Django makes them deferred): a
    row added under a post deleted meanwhile failed there, a 500, or made the
    delete fail. FOR NO KEY UPDATE waits for a delete's FOR UPDATE (and makes
    the delete wait), but not for other comments or likes' key-share checks.
    """
    if not Post.objects.select_for_update(no_key=True).filter(pk=post_id).exists():
        raise Post.DoesNotExist("No such post.")


@transaction.atomic
def comment_create(*, author, post: Post, body: str) -> Comment:
    """A new comment under the post, by one of the course's students or its owner."""
    _check_open(author, post.course_id)
    _lock_post_for_child(post.pk)
    comment = Comment(post=post, author=author, body=body)
    comment.full_clean(exclude=["post"])  # it exists: locked above
    comment.save()
    return comment


@transaction.atomic
def comment_update(*, user, comment: Comment, body: str) -> Comment:
    """Change the comment's body: only its author (while they have access)."""
    if user.pk != comment.author_id:
        raise PermissionDenied(NOT_AUTHOR)
    _check_open(user, comment.post.course_id)
    if body != comment.body:
        comment.body = body
        comment.full_clean()
        comment.edited = timezone.now()
        comment.save(update_fields=["body", "edited"])
    return comment


@transaction.atomic
def comment_delete(*, user, comment: Comment) -> None:
    """Delete the comment: its author, or the course's owner."""
    _check_may_delete(
        user, author_id=comment.author_id, course_id=comment.post.course_id
    )
    comment.delete()


@transaction.atomic
def post_like(*, user, post: Post) -> int:
    """Like the post (again: no change); the post's number of likes after.

    The unique constraint, with the conflict ignored, makes concurrent likes of
    one user one like, and never an error.
    """
    _check_open(user, post.course_id)
    _lock_post_for_child(post.pk)
    Like.objects.bulk_create([Like(post_id=post.pk, user=user)], ignore_conflicts=True)
    return Like.objects.filter(post_id=post.pk).count()


def post_unlike(*, user, post: Post) -> int:
    """Take back the user's like (none: no change); the number of likes after."""
    _check_open(user, post.course_id)
    Like.objects.filter(post_id=post.pk, user=user).delete()
    return Like.objects.filter(post_id=post.pk).count()
