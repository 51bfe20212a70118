"""The board's API runs the same number of queries however many posts,
comments, likes and authors there are."""

from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from discussions.tests.factories import (
    busy_board,
)


def client_of(user) -> APIClient:
    client = APIClient()
    token = RefreshToken.for_user(user).access_token
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_the_board_runs_four_queries_at_any_size(size, django_assert_num_queries):
    course, reader, _posts = busy_board(size)
    api = client_of(reader)

    # The token's user + the course with the access check + the count
    # (pagination) + a page of posts with authors, counts and my likes.
    with django_assert_num_queries(4):
        body = api.get(reverse("api:course-posts", args=[course.pk])).json()
    with django_assert_num_queries(4):
        api.get(reverse("api:course-posts", args=[course.pk]) + "?ordering=-likes")

    assert len(body["results"]) == size * 3
    assert all(p["likes"] == p["comments"] == size for p in body["results"])
    assert all(p["liked"] for p in body["results"])


def test_a_post_runs_two_queries_and_its_comments_four_at_any_size(
    size, django_assert_num_queries
):
    _course, reader, posts = busy_board(size)
    api = client_of(reader)
    post = posts[-1]

    # The token's user + the post with its author, counts, my like and the
    # access check.
    with django_assert_num_queries(2):
        shown = api.get(reverse("api:post-detail", args=[post.pk])).json()
    # The same for the post + the count + a page of comments with authors.
    with django_assert_num_queries(4):
        comments = api.get(reverse("api:post-comments", args=[post.pk])).json()

    assert (shown["likes"], shown["comments"], shown["liked"]) == (size, size, True)
    assert len(comments["results"]) == size
