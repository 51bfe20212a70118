"""The discussions API: who may read and write, what it answers, and how."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.tests.factories import UserFactory
from courses.services import enrollment_delete
from discussions.models import Comment, Like, Post
from discussions.tests.factories import CommentFactory, LikeFactory, PostFactory

pytestmark = pytest.mark.django_db


def client_of(user) -> APIClient:
    client = APIClient()
    token = RefreshToken.for_user(user).access_token
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def board(course, **query) -> str:
    url = reverse("api:course-posts", args=[course.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def post_url(post) -> str:
    return reverse("api:post-detail", args=[post.pk])


def test_a_student_posts_and_reads_the_post_back(course, student):
    api = client_of(student)

    created = api.post(board(course), {"title": "Loops", "body": "Why?\nHow?"})

    assert created.status_code == 201
    post = Post.objects.get()
    assert created.json() == {
        "id": post.pk,
        "course": course.pk,
        "author": {"id": student.pk, "username": student.username},
        "title": "Loops",
        "body": "Why?\nHow?",
        "created": created.json()["created"],
        "edited": None,
        "likes": 0,
        "liked": False,
        "comments": 0,
    }
    assert api.get(post_url(post)).json() == created.json()


def test_the_board_lists_newest_first_with_counts_and_my_likes(course, student):
    old, new = PostFactory.create_batch(2, course=course)
    CommentFactory.create_batch(3, post=old)
    LikeFactory(post=old, user=student)
    LikeFactory(post=old)

    results = client_of(student).get(board(course)).json()["results"]

    assert [p["id"] for p in results] == [new.pk, old.pk]
    assert [(p["likes"], p["liked"], p["comments"]) for p in results] == [
        (0, False, 0),
        (2, True, 3),
    ]


def test_the_board_by_likes_lists_the_most_liked_first(course, student):
    first, second, third = PostFactory.create_batch(3, course=course)
    LikeFactory.create_batch(2, post=second)
    LikeFactory(post=first)

    results = client_of(student).get(board(course, ordering="-likes")).json()

    assert [p["id"] for p in results["results"]] == [second.pk, first.pk, third.pk]


def test_an_unknown_ordering_is_a_400_naming_it(course, student):
    response = client_of(student).get(board(course, ordering="title"))

    assert response.status_code == 400
    assert list(response.json()) == ["ordering"]


def test_the_board_pages_by_20_and_up_to_100_on_request(course, student):
    PostFactory.create_batch(105, course=course)
    api = client_of(student)

    first = api.get(board(course)).json()
    large = api.get(board(course, page_size=1000)).json()

    assert (first["count"], len(first["results"])) == (105, 20)
    assert first["next"] is not None
    assert len(large["results"]) == 100


def test_the_board_shows_only_its_course(course, student):
    PostFactory(course=course)
    PostFactory()  # another course's

    assert client_of(student).get(board(course)).json()["count"] == 1


def test_the_owner_reads_and_posts(course, owner):
    PostFactory(course=course)
    api = client_of(owner)

    assert api.get(board(course)).json()["count"] == 1
    assert api.post(board(course), {"title": "News", "body": "Hi"}).status_code == 201


def test_an_outsider_gets_403_everywhere_on_an_existing_course(course, outsider):
    post = PostFactory(course=course)
    comment = CommentFactory(post=post)
    api = client_of(outsider)

    answers = [
        api.get(board(course)),
        api.post(board(course), {"title": "T", "body": "B"}),
        api.get(post_url(post)),
        api.patch(post_url(post), {"title": "Mine"}),
        api.delete(post_url(post)),
        api.post(reverse("api:post-like", args=[post.pk])),
        api.get(reverse("api:post-comments", args=[post.pk])),
        api.post(reverse("api:post-comments", args=[post.pk]), {"body": "B"}),
        api.patch(reverse("api:comment-detail", args=[comment.pk]), {"body": "B"}),
        api.delete(reverse("api:comment-detail", args=[comment.pk])),
    ]

    assert [a.status_code for a in answers] == [403] * len(answers)
    assert Post.objects.count() == 1
    assert Comment.objects.get().body == comment.body
    assert not Like.objects.exists()


def test_unknown_courses_posts_and_comments_are_404(student):
    api = client_of(student)

    for url in (
        reverse("api:course-posts", args=[999_999]),
        reverse("api:post-detail", args=[999_999]),
        reverse("api:post-comments", args=[999_999]),
        reverse("api:comment-detail", args=[999_999]),
        reverse("api:post-detail", args=[2**64]),  # past any id column
    ):
        assert api.get(url).status_code in (404, 405), url
        assert api.delete(url).status_code in (404, 405), url


def test_anonymous_callers_get_401(course):
    post = PostFactory(course=course)

    assert APIClient().get(board(course)).status_code == 401
    assert APIClient().get(post_url(post)).status_code == 401


def test_a_removed_student_loses_access_at_once_but_their_posts_stay(
    course, student, owner
):
    api = client_of(student)
    post = PostFactory(course=course, author=student)
    assert api.get(board(course)).status_code == 200

    enrollment_delete(student=student, course=course)

    assert api.get(board(course)).status_code == 403
    assert api.get(post_url(post)).status_code == 403
    assert api.patch(post_url(post), {"title": "Still mine?"}).status_code == 403
    shown = client_of(owner).get(post_url(post)).json()
    assert shown["author"]["username"] == student.username


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": "", "body": "B"}, "title"),
        ({"title": "   ", "body": "B"}, "title"),
        ({"title": "t" * 201, "body": "B"}, "title"),
        ({"body": "B"}, "title"),
        ({"title": "T", "body": ""}, "body"),
        ({"title": "T", "body": "b" * 10_001}, "body"),
        ({"title": "T", "body": "a\x00b"}, "body"),
        ({"title": "T", "body": ["a", "list"]}, "body"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(course, student, payload, field):
    response = client_of(student).post(board(course), payload, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not Post.objects.exists()


def test_unicode_and_the_longest_texts_come_back_as_sent(course, student):
    title, body = "Ünïcödé 🐍 " + "t" * 189, "日本語\n" + "b" * 9_996

    created = client_of(student).post(board(course), {"title": title, "body": body})

    assert created.status_code == 201
    assert (created.json()["title"], created.json()["body"]) == (title, body)


def test_markup_comes_back_as_the_plain_text_it_was(course, student):
    body = '<script>alert("x")</script> & <b>bold</b>'
    api = client_of(student)

    post = api.post(board(course), {"title": "<i>t</i>", "body": body}).json()
    shown = api.get(post_url(Post(pk=post["id"])))

    assert shown["Content-Type"] == "application/json"
    assert (shown.json()["title"], shown.json()["body"]) == ("<i>t</i>", body)


def test_the_author_edits_and_the_post_says_edited(course, student):
    post = PostFactory(course=course, author=student)

    response = client_of(student).patch(post_url(post), {"body": "Clearer"})

    assert response.status_code == 200
    assert response.json()["body"] == "Clearer"
    assert response.json()["edited"] is not None
    assert response.json()["title"] == post.title


def test_an_edit_with_a_blank_title_is_a_400_naming_it(course, student):
    post = PostFactory(course=course, author=student)

    response = client_of(student).patch(post_url(post), {"title": ""})

    assert response.status_code == 400
    assert list(response.json()) == ["title"]


def test_no_one_else_edits_a_post_not_even_the_owner(course, student, owner):
    post = PostFactory(course=course, author=student)
    other = UserFactory()
    course.students.add(other)

    for user in (other, owner):
        assert client_of(user).patch(post_url(post), {"title": "X"}).status_code == 403
    assert Post.objects.get().title == post.title


def test_the_owner_deletes_a_students_post_another_student_cannot(
    course, student, owner
):
    post = PostFactory(course=course, author=student)
    other = UserFactory()
    course.students.add(other)

    assert client_of(other).delete(post_url(post)).status_code == 403
    assert client_of(owner).delete(post_url(post)).status_code == 204
    assert not Post.objects.exists()


def test_the_author_deletes_their_post(course, student):
    post = PostFactory(course=course, author=student)

    assert client_of(student).delete(post_url(post)).status_code == 204
    assert not Post.objects.exists()


def test_put_on_a_post_is_not_allowed(course, student):
    post = PostFactory(course=course, author=student)

    response = client_of(student).put(post_url(post), {"title": "T", "body": "B"})

    assert response.status_code == 405


def test_likes_are_idempotent_both_ways(course, student):
    post = PostFactory(course=course)
    LikeFactory(post=post)
    api = client_of(student)
    url = reverse("api:post-like", args=[post.pk])

    answers = [api.post(url), api.post(url), api.delete(url), api.delete(url)]

    assert [a.status_code for a in answers] == [200] * 4
    assert [a.json() for a in answers] == [
        {"likes": 2, "liked": True},
        {"likes": 2, "liked": True},
        {"likes": 1, "liked": False},
        {"likes": 1, "liked": False},
    ]


def test_comments_are_listed_oldest_first_and_created(course, student):
    post = PostFactory(course=course)
    first, second = CommentFactory.create_batch(2, post=post)
    api = client_of(student)
    url = reverse("api:post-comments", args=[post.pk])

    created = api.post(url, {"body": "Me too"})
    listed = api.get(url).json()

    assert created.status_code == 201
    assert created.json()["author"] == {"id": student.pk, "username": student.username}
    assert created.json()["post"] == post.pk
    ids = [c["id"] for c in listed["results"]]
    assert ids == [first.pk, second.pk, created.json()["id"]]


def test_a_comment_too_long_is_a_400_naming_the_body(course, student):
    post = PostFactory(course=course)

    response = client_of(student).post(
        reverse("api:post-comments", args=[post.pk]), {"body": "x" * 10_001}
    )

    assert response.status_code == 400
    assert list(response.json()) == ["body"]


def test_a_comment_is_edited_by_its_author_and_deleted_by_the_owner(
    course, student, owner
):
    comment = CommentFactory(post=PostFactory(course=course), author=student)
    url = reverse("api:comment-detail", args=[comment.pk])

    edited = client_of(student).patch(url, {"body": "Fixed"})
    refused = client_of(owner).patch(url, {"body": "Moderated"})
    deleted = client_of(owner).delete(url)

    assert edited.status_code == 200
    assert edited.json()["body"] == "Fixed"
    assert edited.json()["edited"] is not None
    assert refused.status_code == 403
    assert deleted.status_code == 204
    assert not Comment.objects.exists()


def test_another_student_neither_edits_nor_deletes_a_comment(course, student):
    comment = CommentFactory(post=PostFactory(course=course), author=student)
    other = UserFactory()
    course.students.add(other)
    url = reverse("api:comment-detail", args=[comment.pk])

    assert client_of(other).patch(url, {"body": "X"}).status_code == 403
    assert client_of(other).delete(url).status_code == 403
    assert Comment.objects.get().body == comment.body


def test_posting_beyond_the_rate_is_429_for_posts_and_comments_together(
    course, student, settings
):
    settings.DISCUSSION_THROTTLE_RATE = "3/hour"
    post = PostFactory(course=course)
    api = client_of(student)
    comments = reverse("api:post-comments", args=[post.pk])

    answers = [
        api.post(board(course), {"title": "T", "body": "B"}),
        api.post(comments, {"body": "B"}),
        api.post(board(course), {"title": "T", "body": "B"}),
        api.post(comments, {"body": "B"}),
        api.post(board(course), {"title": "T", "body": "B"}),
    ]

    assert [a.status_code for a in answers] == [201, 201, 201, 429, 429]
    assert int(answers[-1]["Retry-After"]) > 0
    # Reading and liking are not posting.
    assert api.get(board(course)).status_code == 200
    assert api.post(reverse("api:post-like", args=[post.pk])).status_code == 200
    # Another user has their own budget.
    other = UserFactory()
    course.students.add(other)
    assert client_of(other).post(comments, {"body": "B"}).status_code == 201


def test_an_outsiders_refused_posts_do_not_spend_their_budget(
    course, outsider, settings
):
    settings.DISCUSSION_THROTTLE_RATE = "1/hour"
    other = PostFactory()  # a course of theirs
    other.course.students.add(outsider)
    api = client_of(outsider)

    assert api.post(board(course), {"title": "T", "body": "B"}).status_code == 403
    assert api.post(board(other.course), {"title": "T", "body": "B"}).status_code == 201


def test_refused_comments_and_invalid_posts_do_not_spend_the_budget(
    course, student, outsider, settings
):
    settings.DISCUSSION_THROTTLE_RATE = "1/hour"
    closed = PostFactory(course=course)  # closed to the outsider
    own = PostFactory()
    own.course.students.add(outsider)
    api = client_of(outsider)
    closed_comments = reverse("api:post-comments", args=[closed.pk])
    own_comments = reverse("api:post-comments", args=[own.pk])

    assert api.post(closed_comments, {"body": "B"}).status_code == 403
    assert api.post(closed_comments, {"body": "B"}).status_code == 403
    assert api.post(own_comments, {"body": " "}).status_code == 400
    assert api.post(board(own.course), {"title": "", "body": "B"}).status_code == 400
    missing = reverse("api:post-comments", args=[closed.pk + 1000])
    assert api.post(missing, {"body": "B"}).status_code == 404

    assert api.post(own_comments, {"body": "B"}).status_code == 201
    assert api.post(own_comments, {"body": "B"}).status_code == 429


@pytest.mark.parametrize(
    "invisible",
    ["\u200b", "\u200f\u200e", "\ufeff", "\u2060 \u200d", "\u3164", "\u0301\u0301"],
)
def test_a_title_or_body_that_shows_nothing_is_a_400_naming_it(
    course, student, invisible
):
    api = client_of(student)

    title = api.post(board(course), {"title": invisible, "body": "B"})
    body = api.post(board(course), {"title": "T", "body": invisible})

    assert title.status_code == 400
    assert "title" in title.json()
    assert body.status_code == 400
    assert "body" in body.json()
    assert not Post.objects.exists()


def test_letters_with_many_marks_or_a_direction_mark_are_text(course, student):
    api = client_of(student)

    for title in ("e" + "\u0301" * 50, "\u200fשלום", "ok\u200b"):
        assert api.post(board(course), {"title": title, "body": "B"}).status_code == 201
