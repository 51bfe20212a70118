import unicodedata
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models

from discussions.managers import CommentQuerySet, PostQuerySet

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 10_000


# What shows nothing on its own: controls, format characters (zero-width
# spaces and joiners, direction marks, the byte-order mark), separators, and
# combining marks without a letter to sit on.
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"}
# Letters and symbols drawn blank (Hangul fillers, the blank braille pattern).
INVISIBLE_CHARACTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}


def validate_not_blank(value: str) -> None:
    """Text that shows nothing (spaces, line breaks, zero-width characters...)
    is no text (CONTRACT: 1 or more characters of it)."""
    if all(
        char in INVISIBLE_CHARACTERS
        or unicodedata.category(char) in INVISIBLE_CATEGORIES
        for char in value
    ):
        raise ValidationError("This field cannot be blank.", code="blank")


# NUL bytes: PostgreSQL refuses them in text (a 500), and no one types one.
TEXT_VALIDATORS: list[Callable[[Any], None]] = [
    validate_not_blank,
    ProhibitNullCharactersValidator(),
]


class Post(models.Model):
    """A post on a course's board, in plain text.

    Its likes and comments are counted when read (PostQuerySet.with_counts),
    not kept in columns: a count is then never out of step with the rows,
    whatever deleted them (a user's account, the admin) or raced.
    """

    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, related_name="posts"
    )
    # The author keeps their posts after leaving the course; deleting the
    # account deletes them.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="discussion_posts",
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH, validators=TEXT_VALIDATORS)
    body = models.TextField(
        max_length=BODY_MAX_LENGTH,
        validators=[*TEXT_VALIDATORS, MaxLengthValidator(BODY_MAX_LENGTH)],
    )
    created = models.DateTimeField(auto_now_add=True)
    # When the author last changed it; null if never.
    edited = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PostQuerySet.as_manager()

    # Annotations of PostQuerySet.with_counts() and with_liked_by(), not columns.
    like_count: int
    comment_count: int
    liked: bool

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            # The board, newest first.
            models.Index(
                fields=["course", "-created", "-id"], name="discussions_post_board"
            )
        ]

    def __str__(self):
        return self.title


class Comment(models.Model):
    """A comment under a post, in plain text."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="discussion_comments",
    )
    body = models.TextField(
        max_length=BODY_MAX_LENGTH,
        validators=[*TEXT_VALIDATORS, MaxLengthValidator(BODY_MAX_LENGTH)],
    )
    created = models.DateTimeField(auto_now_add=True)
    edited = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        indexes = [
            # A post's comments, oldest first (and their count).
            models.Index(fields=["post", "created", "id"], name="discussions_thread")
        ]

    def __str__(self):
        return f"{self.author} on post #{self.post_id}"


class Like(models.Model):
    """One user's like of one post: at most one each (a database constraint,
    which concurrent likes cannot get around)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="discussion_likes",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # Also the index that counts a post's likes.
            models.UniqueConstraint(
                fields=["post", "user"], name="discussions_like_once"
            )
        ]

    def __str__(self):
        return f"{self.user} likes post #{self.post_id}"
