from django.db.models import F
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from courses.models import Course
from discussions.api.permissions import CanDiscussCourse, IsAuthorOrModerator
from discussions.api.serializers import (
    CommentSerializer,
    LikeResultSerializer,
    PostOrderingSerializer,
    PostSerializer,
)
from discussions.api.throttling import PostingThrottle
from discussions.models import Comment, Post
from discussions.services import (
    comment_create,
    comment_delete,
    comment_update,
    post_create,
    post_delete,
    post_like,
    post_unlike,
    post_update,
)
from educa.parsing import parse_id


def found(queryset, pk, what: str):
    """The row `pk` of `queryset`, else a 404 (also for an id no column holds)."""
    row_id = parse_id(pk)
    row = queryset.filter(pk=row_id).first() if row_id is not None else None
    if row is None:
        raise NotFound(f"No such {what}.")
    return row


class DiscussionViewSet(viewsets.GenericViewSet):
    """What the board's endpoints share: bearer callers who may discuss the
    course (else 403), and a throttle on what they post."""

    permission_classes = [IsAuthenticated, CanDiscussCourse]

    def check_permissions(self, request):
        super().check_permissions(request)
        # Parsed before any object is looked up, as by every write of the API:
        # a body that is not JSON is a 400 whatever the post or course.
        if request.method in ("POST", "PUT", "PATCH"):
            request.data  # noqa: B018 - parsing is the point

    def check_posting(self, request) -> None:
        """Count one new post or comment of the caller against the throttle, once
        it is allowed and valid: a refused or invalid attempt costs nothing."""
        throttle = PostingThrottle()
        if not throttle.allow_request(request, self):
            raise Throttled(wait=throttle.wait())


def _fresh(post: Post) -> Post:
    # A post just created: nothing to count yet.
    post.like_count = post.comment_count = 0
    post.liked = False
    return post


@extend_schema_view(list=extend_schema(parameters=[PostOrderingSerializer]))
class CoursePostViewSet(mixins.ListModelMixin, DiscussionViewSet):
    """A course's board: its posts, newest first (`?ordering=-likes`: most
    liked first); its students and owner read and post."""

    serializer_class = PostSerializer
    course: Course

    def check_permissions(self, request):
        super().check_permissions(request)
        user = request.user
        courses = Course.objects.with_is_open_to(user).only("pk")
        self.course = found(courses, self.kwargs["pk"], "course")
        self.check_object_permissions(request, self.course)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Post.objects.none()
        query = PostOrderingSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        posts = Post.objects.filter(course=self.course).for_board(self.request.user)
        if query.validated_data["ordering"] == "-likes":
            posts = posts.by_likes()
        return posts

    @extend_schema(request=PostSerializer, responses={201: PostSerializer})
    def create(self, request, pk=None):
        """A new post `{title, body}` by the caller."""
        data = PostSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self.check_posting(request)
        post = post_create(
            author=request.user, course=self.course, **data.validated_data
        )
        return Response(
            PostSerializer(_fresh(post)).data, status=status.HTTP_201_CREATED
        )


class PostViewSet(DiscussionViewSet):
    """One post: read by the course's students and owner, edited by its author,
    deleted by its author or the course's owner; liked; its comments."""

    serializer_class = PostSerializer
    permission_classes = [*DiscussionViewSet.permission_classes, IsAuthorOrModerator]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Post.objects.none()
        user = self.request.user
        return (
            Post.objects.for_board(user)
            .with_is_open_to(user)
            .annotate(course_owner_id=F("course__owner_id"))
        )

    def get_object(self):
        post = found(self.get_queryset(), self.kwargs["pk"], "post")
        self.check_object_permissions(self.request, post)
        return post

    def retrieve(self, request, pk=None):
        """The post, with its numbers of likes and comments."""
        return Response(PostSerializer(self.get_object()).data)

    def partial_update(self, request, pk=None):
        """Change the title and/or body: the author only. Marks the post edited."""
        post = self.get_object()
        data = PostSerializer(post, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        post_update(user=request.user, post=post, **data.validated_data)
        return Response(PostSerializer(post).data)

    def destroy(self, request, pk=None):
        """Delete the post with its comments and likes: its author, or the
        course's owner (moderation)."""
        post_delete(user=request.user, post=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={200: LikeResultSerializer})
    @action(detail=True, methods=["post", "delete"])
    def like(self, request, pk=None):
        """Like the post (POST) or take the like back (DELETE); doing either
        again changes nothing."""
        post = self.get_object()
        if request.method == "DELETE":
            likes = post_unlike(user=request.user, post=post)
        else:
            likes = post_like(user=request.user, post=post)
        return Response({"likes": likes, "liked": request.method == "POST"})

    @extend_schema(responses={200: CommentSerializer(many=True)})
    @action(detail=True, methods=["get"], serializer_class=CommentSerializer)
    def comments(self, request, pk=None):
        """The post's comments, oldest first."""
        post = self.get_object()
        comments = Comment.objects.filter(post=post).select_related("author")
        page = self.paginate_queryset(comments)
        return self.get_paginated_response(CommentSerializer(page, many=True).data)

    @extend_schema(
        request=CommentSerializer,
        responses={201: CommentSerializer},
        description="A new comment `{body}` by the caller.",
    )
    @comments.mapping.post
    def comment_create(self, request, pk=None):
        """A new comment `{body}` by the caller."""
        post = self.get_object()
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self.check_posting(request)
        comment = comment_create(author=request.user, post=post, **data.validated_data)
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class CommentViewSet(DiscussionViewSet):
    """One comment: edited by its author, deleted by its author or the course's
    owner."""

    serializer_class = CommentSerializer
    permission_classes = [*DiscussionViewSet.permission_classes, IsAuthorOrModerator]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Comment.objects.none()
        return (
            Comment.objects.select_related("author", "post")
            .with_is_open_to(self.request.user)
            .annotate(course_owner_id=F("post__course__owner_id"))
        )

    def get_object(self):
        comment = found(self.get_queryset(), self.kwargs["pk"], "comment")
        self.check_object_permissions(self.request, comment)
        return comment

    def partial_update(self, request, pk=None):
        """Change the body: the author only. Marks the comment edited."""
        comment = self.get_object()
        data = CommentSerializer(comment, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        if "body" in data.validated_data:
            comment_update(
                user=request.user, comment=comment, body=data.validated_data["body"]
            )
        return Response(CommentSerializer(comment).data)

    def destroy(self, request, pk=None):
        """Delete the comment: its author, or the course's owner."""
        comment_delete(user=request.user, comment=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
