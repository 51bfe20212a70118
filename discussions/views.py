"""A course's board on the site, for its students and its owner.

Every view finds its course, post or comment through a queryset that applies
the access rule (`open_to(user)`) in the database on every request: for anyone
else, someone who left the course included, each page is a 404. Someone else's
post or comment to edit is a 404 too; the course's owner may delete any.
"""

from math import ceil

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View

from courses.models import Course
from discussions.api.throttling import PostingThrottle
from discussions.forms import CommentForm, PostForm
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
from educa.navigation import local_next_url, page_or_404
from educa.parsing import id_or_404

POSTS_PER_PAGE = 20
COMMENTS_PER_PAGE = 20


def open_course(user, pk) -> Course:
    """The course if `user` studies or owns it, else 404."""
    courses = Course.objects.open_to(user).only("pk", "title", "owner_id")
    return get_object_or_404(courses, pk=pk)


def open_posts(user, course_id):
    """The posts of the course `course_id`, if open to `user`."""
    return Post.objects.open_to(user).filter(course_id=course_id)


def throttled(request):
    """Count one new post or comment of the user against DISCUSSION_THROTTLE_RATE,
    the API's counter: None within the rate, else the site's 429 page."""
    throttle = PostingThrottle()
    if throttle.allow_request(request, None):  # type: ignore[arg-type]  # reads only the user and META
        return None
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(max(1, round(throttle.wait() or 1)))
    return response


class BoardView(LoginRequiredMixin, View):
    """The board's pages: logged in (else to the login page), ids in range."""

    def dispatch(self, request, *args, **kwargs):
        # <int:> takes any number of digits; a foreign key's lookup on one too
        # large for the database is an error there (a 500), not an empty result.
        for value in kwargs.values():
            id_or_404(value)
        return super().dispatch(request, *args, **kwargs)


def post_url(post) -> str:
    return reverse("discussions:post_detail", args=[post.course_id, post.pk])


class PostListView(BoardView):
    """The board: posts newest first, 20 a page; POST a new one (throttled)."""

    def get(self, request, pk):
        return self.board(open_course(request.user, pk), PostForm())

    def post(self, request, pk):
        course = open_course(request.user, pk)
        form = PostForm(request.POST)
        if form.is_valid():
            if refused := throttled(request):  # only a post that would be made
                return refused
            try:
                post = post_create(
                    author=request.user, course=course, **form.cleaned_data
                )
            except PermissionDenied:  # left the course meanwhile
                raise Http404("No such course among yours.") from None
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Your post is on the board.")
                return redirect(post_url(post))
        return self.board(course, form, status=400)

    def board(self, course, form, status=200):
        posts = Post.objects.filter(course=course).for_board(self.request.user)
        return TemplateResponse(
            self.request,
            "discussions/post_list.html",
            {
                "course": course,
                "page": page_or_404(self.request, posts, POSTS_PER_PAGE),
                "form": form,
            },
            status=status,
        )


class PostDetailView(BoardView):
    """A post and its comments, oldest first, 20 a page; POST a comment (throttled)."""

    def get(self, request, pk, post_id):
        return self.thread(self.get_post(pk, post_id), CommentForm())

    def post(self, request, pk, post_id):
        post = self.get_post(pk, post_id)
        form = CommentForm(request.POST)
        if form.is_valid():
            if refused := throttled(request):  # only a comment that would be made
                return refused
            try:
                comment = comment_create(
                    author=request.user, post=post, body=form.cleaned_data["body"]
                )
            except (PermissionDenied, Post.DoesNotExist):  # gone meanwhile
                raise Http404("No such post.") from None
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # The new comment is the last: on the last page.
                last = ceil((post.comment_count + 1) / COMMENTS_PER_PAGE)
                page = f"?page={last}" if last > 1 else ""
                return redirect(f"{post_url(post)}{page}#comment-{comment.pk}")
        return self.thread(post, form, status=400)

    def get_post(self, pk, post_id) -> Post:
        posts = open_posts(self.request.user, pk).for_board(self.request.user)
        return get_object_or_404(posts.with_course(), pk=post_id)

    def thread(self, post, form, status=200):
        comments = Comment.objects.filter(post=post).select_related("author")
        return TemplateResponse(
            self.request,
            "discussions/post_detail.html",
            {
                "course": post.course,
                "post": post,
                "page": page_or_404(self.request, comments, COMMENTS_PER_PAGE),
                "form": form,
            },
            status=status,
        )


class PostLikeView(BoardView):
    """POST: like the post (`liked = False`: take the like back); either again
    changes nothing. Then back to the page the button was on."""

    http_method_names = ["post"]
    liked = True

    def post(self, request, pk, post_id):
        post = get_object_or_404(
            open_posts(request.user, pk).only("pk", "course_id"), pk=post_id
        )
        try:
            (post_like if self.liked else post_unlike)(user=request.user, post=post)
        except (PermissionDenied, Post.DoesNotExist):  # gone meanwhile
            raise Http404("No such post.") from None
        return redirect(local_next_url(request, post_url(post)))


class PostEditView(BoardView):
    """The author's post: GET its form, POST the change (marked edited)."""

    def get(self, request, pk, post_id):
        post = self.get_post(pk, post_id)
        form = PostForm(initial={"title": post.title, "body": post.body})
        return self.edit_page(post, form)

    def post(self, request, pk, post_id):
        post = self.get_post(pk, post_id)
        # Unbound from the post: the service compares the new text with the old.
        form = PostForm(request.POST)
        if form.is_valid():
            try:
                post_update(user=request.user, post=post, **form.cleaned_data)
            except PermissionDenied:  # left the course meanwhile
                raise Http404("No such post.") from None
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Your post is saved.")
                return redirect(post_url(post))
        return self.edit_page(post, form, status=400)

    def get_post(self, pk, post_id) -> Post:
        posts = open_posts(self.request.user, pk).filter(author=self.request.user)
        return get_object_or_404(posts.with_course(), pk=post_id)

    def edit_page(self, post, form, status=200):
        context = {"course": post.course, "post": post, "form": form}
        return TemplateResponse(
            self.request, "discussions/post_form.html", context, status=status
        )


class PostDeleteView(BoardView):
    """The author's post, or any on the owner's board: GET asks, POST deletes."""

    def get(self, request, pk, post_id):
        post = self.get_post(pk, post_id)
        context = {"course": post.course, "post": post, "cancel_url": post_url(post)}
        return TemplateResponse(request, "discussions/confirm_delete.html", context)

    def post(self, request, pk, post_id):
        post = self.get_post(pk, post_id)
        try:
            post_delete(user=request.user, post=post)
        except PermissionDenied:  # left the course meanwhile
            raise Http404("No such post.") from None
        messages.success(request, f"The post “{post.title}” is deleted.")
        return redirect("discussions:post_list", pk)

    def get_post(self, pk, post_id) -> Post:
        user = self.request.user
        posts = open_posts(user, pk).filter(Q(author=user) | Q(course__owner=user))
        return get_object_or_404(posts.with_course(), pk=post_id)


def open_comment(user, pk, post_id, comment_id, *, moderated: bool) -> Comment:
    """The user's comment under the post (`moderated`: or any, on a board they
    own), if the course is open to them; else 404."""
    mine = Q(author=user)
    if moderated:
        mine |= Q(post__course__owner=user)
    comments = Comment.objects.open_to(user).filter(
        mine, post__course_id=pk, post_id=post_id
    )
    return get_object_or_404(
        comments.select_related("author", "post__course").defer(
            "post__course__search_vector"
        ),
        pk=comment_id,
    )


def comment_url(comment, *, at: int | None = None) -> str:
    """The post's page that shows the comment `at` places from the first (by
    default the comment itself), scrolled to the comment."""
    if at is None:
        at = comments_before(comment)
    page = at // COMMENTS_PER_PAGE + 1
    query = f"?page={page}" if page > 1 else ""
    return f"{post_url(comment.post)}{query}#comment-{comment.pk}"


def comments_before(comment) -> int:
    """How many comments come before `comment` under its post (oldest first)."""
    earlier = Q(created__lt=comment.created) | Q(
        created=comment.created, pk__lt=comment.pk
    )
    return Comment.objects.filter(earlier, post_id=comment.post_id).count()


class CommentEditView(BoardView):
    """The author's comment: GET its form, POST the change (marked edited),
    then back to the comment."""

    def get(self, request, pk, post_id, comment_id):
        comment = open_comment(request.user, pk, post_id, comment_id, moderated=False)
        return self.edit_page(comment, CommentForm(initial={"body": comment.body}))

    def post(self, request, pk, post_id, comment_id):
        comment = open_comment(request.user, pk, post_id, comment_id, moderated=False)
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                comment_update(
                    user=request.user, comment=comment, body=form.cleaned_data["body"]
                )
            except PermissionDenied:  # left the course meanwhile
                raise Http404("No such comment.") from None
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Your comment is saved.")
                return redirect(comment_url(comment))
        return self.edit_page(comment, form, status=400)

    def edit_page(self, comment, form, status=200):
        context = {
            "course": comment.post.course,
            "post": comment.post,
            "comment": comment,
            "form": form,
            "cancel_url": comment_url(comment),
        }
        return TemplateResponse(
            self.request, "discussions/comment_form.html", context, status=status
        )


class CommentDeleteView(BoardView):
    """The author's comment, or any on the owner's board: GET asks, POST
    deletes, then back to where it was."""

    def get(self, request, pk, post_id, comment_id):
        comment = open_comment(request.user, pk, post_id, comment_id, moderated=True)
        context = {
            "course": comment.post.course,
            "post": comment.post,
            "comment": comment,
            "cancel_url": comment_url(comment),
        }
        return TemplateResponse(request, "discussions/confirm_delete.html", context)

    def post(self, request, pk, post_id, comment_id):
        comment = open_comment(request.user, pk, post_id, comment_id, moderated=True)
        before = comments_before(comment)
        try:
            comment_delete(user=request.user, comment=comment)
        except PermissionDenied:  # left the course meanwhile
            raise Http404("No such comment.") from None
        messages.success(request, "The comment is deleted.")
        # The page of the comment before it (the first page if none).
        url = comment_url(comment, at=max(before - 1, 0))
        return redirect(url.rsplit("#", 1)[0])
