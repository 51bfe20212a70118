from django.contrib.auth import get_user_model
from rest_framework import serializers

from discussions.models import Comment, Post


class AuthorSerializer(serializers.ModelSerializer):
    """The author by username, an identity no one else can take."""

    class Meta:
        model = get_user_model()
        fields = ["id", "username"]


class PostSerializer(serializers.ModelSerializer):
    """A post as the board shows it; `title` and `body` are plain text, to be
    displayed as text (never as HTML). Read from PostQuerySet.for_board()."""

    author = AuthorSerializer(read_only=True)
    likes = serializers.IntegerField(source="like_count", read_only=True)
    liked = serializers.BooleanField(
        read_only=True, help_text="Whether the caller likes the post."
    )
    comments = serializers.IntegerField(
        source="comment_count", read_only=True, help_text="How many comments."
    )

    class Meta:
        model = Post
        fields = [
            "id",
            "course",
            "author",
            "title",
            "body",
            "created",
            "edited",
            "likes",
            "liked",
            "comments",
        ]
        read_only_fields = ["course", "created", "edited"]
        extra_kwargs = {"edited": {"help_text": "When last edited; null if never."}}


class PostOrderingSerializer(serializers.Serializer):
    """The board's order: newest first (the default), or most liked first."""

    ordering = serializers.ChoiceField(
        choices=["-created", "-likes"], required=False, default="-created"
    )


class LikeResultSerializer(serializers.Serializer):
    likes = serializers.IntegerField(help_text="The post's number of likes now.")
    liked = serializers.BooleanField(help_text="Whether the caller likes it now.")


class CommentSerializer(serializers.ModelSerializer):
    """A comment; `body` is plain text."""

    author = AuthorSerializer(read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "post", "author", "body", "created", "edited"]
        read_only_fields = ["post", "created", "edited"]
        extra_kwargs = {"edited": {"help_text": "When last edited; null if never."}}
