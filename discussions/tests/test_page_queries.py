"""The board's pages run the same number of queries however many posts,
comments, likes and authors there are (`size`: root conftest, two sizes)."""

from django.test import Client
from django.urls import reverse

from discussions.tests.factories import (
    busy_board,
)


def test_the_board_runs_four_queries_at_any_size(size, django_assert_num_queries):
    course, reader, _posts = busy_board(size)
    client = Client()
    client.force_login(reader)

    # The user (the session is in the cache) + the course with the access check
    # + the count (pagination) + a page of posts with their authors, counts and
    # the reader's likes.
    with django_assert_num_queries(4):
        response = client.get(reverse("discussions:post_list", args=[course.pk]))

    html = response.content.decode()
    assert html.count(f"{size} like{'s' if size > 1 else ''}, yours among them") == (
        size * 3
    )
    assert html.count(f"{size} comments<") == size * 3


def test_a_post_with_its_comments_runs_four_queries_at_any_size(
    size, django_assert_num_queries
):
    course, reader, posts = busy_board(size)
    post = posts[-1]
    client = Client()
    client.force_login(reader)

    # The user + the post with its course, author, counts, the reader's like and
    # the access check + the count of comments (pagination) + a page of
    # comments with their authors.
    with django_assert_num_queries(4):
        response = client.get(
            reverse("discussions:post_detail", args=[course.pk, post.pk])
        )

    html = response.content.decode()
    assert html.count('class="comment"') == size
    assert "yours among them" in html
