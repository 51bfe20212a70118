"""The board's pages: who sees them, posting, commenting, likes, edits and
deletions, what the pages show, and the limits."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from discussions.models import Comment, Like, Post
from discussions.tests.factories import CommentFactory, LikeFactory, PostFactory


def client_of(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def board_url(course) -> str:
    return reverse("discussions:post_list", args=[course.pk])


def url(name, post, *extra) -> str:
    return reverse(f"discussions:{name}", args=[post.course_id, post.pk, *extra])


@pytest.fixture
def post(course, student):
    return PostFactory(course=course, author=student, title="How do loops work?")


@pytest.fixture
def comment(post, student):
    return CommentFactory(post=post, author=student, body="I found out.")


# Access


def test_a_student_and_the_owner_see_the_board_and_the_post(course, owner, post):
    for user in (post.author, owner):
        client = client_of(user)
        board = client.get(board_url(course))
        assert board.status_code == 200
        assert "How do loops work?" in board.content.decode()
        assert client.get(url("post_detail", post)).status_code == 200


def every_page(post, comment):
    return [
        board_url(post.course),
        url("post_detail", post),
        url("post_edit", post),
        url("post_delete", post),
        url("comment_edit", post, comment.pk),
        url("comment_delete", post, comment.pk),
    ]


def every_post(post, comment):
    return [
        board_url(post.course),
        url("post_detail", post),
        url("post_like", post),
        url("post_unlike", post),
        url("post_edit", post),
        url("post_delete", post),
        url("comment_edit", post, comment.pk),
        url("comment_delete", post, comment.pk),
    ]


def test_an_outsider_gets_404_on_every_page_and_post(outsider, post, comment):
    client = client_of(outsider)
    for path in every_page(post, comment):
        assert client.get(path).status_code == 404, path
    for path in every_post(post, comment):
        data = {"title": "x", "body": "x"}
        assert client.post(path, data).status_code == 404, path
    assert Post.objects.get().title == "How do loops work?"
    assert Comment.objects.count() == 1
    assert not Like.objects.exists()


def test_a_removed_student_loses_access_at_once_but_their_posts_stay(
    course, student, post, comment
):
    client = client_of(student)
    assert client.get(url("post_detail", post)).status_code == 200
    course.students.remove(student)

    for path in every_page(post, comment):
        assert client.get(path).status_code == 404, path
    for path in every_post(post, comment):
        assert client.post(path, {"title": "x", "body": "x"}).status_code == 404, path

    # Still there, with their name, for those who stayed.
    other = UserFactory()
    course.students.add(other)
    page = client_of(other).get(url("post_detail", post)).content.decode()
    assert "How do loops work?" in page
    assert student.username in page
    assert "I found out." in page


def test_anonymous_visitors_go_to_the_login_page(client, post, comment):
    login = reverse("login")
    for path in every_page(post, comment):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{login}?next=")
    for path in every_post(post, comment):
        assert client.post(path, {"title": "x", "body": "x"}).status_code == 302


def test_a_post_of_another_course_is_404_under_this_one(course, student):
    elsewhere = PostFactory()  # another course, which the student has not joined
    elsewhere.course.students.add(student)
    wrong = reverse("discussions:post_detail", args=[course.pk, elsewhere.pk])
    assert client_of(student).get(wrong).status_code == 404


def test_unknown_ids_are_404(course, student, post):
    client = client_of(student)
    assert (
        client.get(reverse("discussions:post_list", args=[999999])).status_code == 404
    )
    missing = reverse("discussions:post_detail", args=[course.pk, 999999])
    assert client.get(missing).status_code == 404
    assert client.get(url("comment_edit", post, 999999)).status_code == 404


def test_an_id_too_large_for_the_database_is_a_404(course, student, post):
    client = client_of(student)
    huge = 2**64
    assert client.get(reverse("discussions:post_list", args=[huge])).status_code == 404
    too_far = reverse("discussions:post_detail", args=[course.pk, huge])
    assert client.get(too_far).status_code == 404
    assert client.post(url("comment_delete", post, huge)).status_code == 404


@pytest.mark.parametrize("name", ["post_like", "post_edit", "post_delete"])
def test_the_posts_refuse_a_missing_csrf_token(post, name):
    client = client_of(post.author, enforce_csrf_checks=True)
    response = client.post(url(name, post), {"title": "t", "body": "b"})
    assert response.status_code == 403
    assert Post.objects.filter(pk=post.pk, title="How do loops work?").exists()
    assert not Like.objects.exists()


def test_new_posts_and_comments_refuse_a_missing_csrf_token(post, comment):
    client = client_of(post.author, enforce_csrf_checks=True)
    assert (
        client.post(board_url(post.course), {"title": "t", "body": "b"}).status_code
        == 403
    )
    assert client.post(url("post_detail", post), {"body": "b"}).status_code == 403
    for name in ("comment_edit", "comment_delete"):
        assert (
            client.post(url(name, post, comment.pk), {"body": "b"}).status_code == 403
        )
    assert Post.objects.count() == Comment.objects.count() == 1


def test_the_forms_carry_a_csrf_token(post, comment):
    client = client_of(post.author, enforce_csrf_checks=True)
    for path in (board_url(post.course), url("post_detail", post)):
        page = client.get(path).content.decode()
        assert page.count('name="csrfmiddlewaretoken"') >= 3  # log out, like, post


# Posting and what the board shows


def test_a_student_posts_and_lands_on_the_post(course, student):
    client = client_of(student)
    response = client.post(
        board_url(course), {"title": "Stuck on lesson 2", "body": "Line one\nLine two"}
    )
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("post_detail", post)
    assert (post.author, post.course, post.title) == (
        student,
        course,
        "Stuck on lesson 2",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Line one<br>Line two" in page
    assert "Your post is on the board." in page


def test_the_board_lists_posts_newest_first_with_counts_and_my_likes(
    course, student, owner
):
    first = PostFactory(course=course, author=owner, title="Welcome")
    second = PostFactory(course=course, author=student, title="A question")
    CommentFactory.create_batch(2, post=first, author=student)
    LikeFactory(post=first, user=student)
    LikeFactory(post=first, user=owner)
    LikeFactory(post=second, user=owner)

    page = client_of(student).get(board_url(course))
    html = page.content.decode()

    assert [p.title for p in page.context["page"]] == ["A question", "Welcome"]
    assert html.index("A question") < html.index("Welcome")
    assert "2 comments" in html
    assert "0 comments" in html
    assert "2 likes, yours among them" in html  # the first: theirs and the owner's
    assert "1 like<" in html  # the second, not theirs
    assert html.count(">Unlike</button>") == 1
    assert html.count(">Like</button>") == 1
    assert owner.username in html
    assert student.username in html
    assert html.count('<span class="badge">instructor</span>') == 1


def test_an_empty_board_invites_the_first_question(course, student):
    page = client_of(student).get(board_url(course)).content.decode()
    assert "No posts yet. Ask the first question." in page


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "body": "Why?"}, "title"),
        ({"title": "   ", "body": "Why?"}, "title"),
        ({"title": "t" * 201, "body": "Why?"}, "title"),
        ({"title": "Why?", "body": ""}, "body"),
        ({"title": "Why?", "body": "b" * 10_001}, "body"),
        ({"title": "Why\x00?", "body": "Why?"}, "title"),
        ({"body": "Why?"}, "title"),
    ],
)
def test_bad_input_shows_the_form_again_naming_the_field(course, student, data, field):
    response = client_of(student).post(board_url(course), data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert 'class="errorlist' in response.content.decode()
    assert not Post.objects.exists()


def test_the_longest_texts_are_taken(course, student):
    data = {"title": "t" * 200, "body": "b" * 10_000}
    assert client_of(student).post(board_url(course), data).status_code == 302
    assert Post.objects.get().body == "b" * 10_000


def test_texts_are_shown_as_text_with_their_line_breaks(course, student):
    post = PostFactory(
        course=course,
        author=student,
        title="<script>alert(1)</script>",
        body="<b>bold?</b>\n<i>no</i>",
    )
    CommentFactory(post=post, author=student, body="<img src=x onerror=alert(2)>\nok")
    client = client_of(student)

    for path in (board_url(course), url("post_detail", post)):
        html = client.get(path).content.decode()
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    html = client.get(url("post_detail", post)).content.decode()
    assert "&lt;b&gt;bold?&lt;/b&gt;<br>&lt;i&gt;no&lt;/i&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;<br>ok" in html
    assert "<img src=x" not in html


# Comments


def test_a_student_comments_and_comes_back_to_their_comment(post, owner):
    client = client_of(owner)
    response = client.post(url("post_detail", post), {"body": "Try a for loop."})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{url('post_detail', post)}#comment-{comment.pk}"
    assert comment.author == owner
    html = client.get(url("post_detail", post)).content.decode()
    assert "Try a for loop." in html
    assert "1 comment<" in html


def test_comments_are_shown_oldest_first_20_a_page(post, student):
    for n in range(21):
        CommentFactory(post=post, author=student, body=f"Comment number {n}.")
    client = client_of(student)

    first = client.get(url("post_detail", post))
    assert [c.body for c in first.context["page"]][:2] == [
        "Comment number 0.",
        "Comment number 1.",
    ]
    assert len(first.context["page"]) == 20
    second = client.get(url("post_detail", post) + "?page=2")
    assert [c.body for c in second.context["page"]] == ["Comment number 20."]
    assert client.get(url("post_detail", post) + "?page=3").status_code == 404

    # The 22nd comment lands on the second page.
    response = client.post(url("post_detail", post), {"body": "One more."})
    last = Comment.objects.latest("pk")
    assert (
        response["Location"] == f"{url('post_detail', post)}?page=2#comment-{last.pk}"
    )


def test_a_blank_comment_shows_the_form_again_naming_the_body(post, student):
    response = client_of(student).post(url("post_detail", post), {"body": " \n "})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["body"]
    assert not Comment.objects.exists()


def test_the_author_edits_a_comment_and_it_says_edited(post, student, comment):
    client = client_of(student)
    form = client.get(url("comment_edit", post, comment.pk))
    assert form.status_code == 200
    assert "I found out." in form.content.decode()

    response = client.post(url("comment_edit", post, comment.pk), {"body": "Solved."})
    assert response.status_code == 302
    assert response["Location"] == f"{url('post_detail', post)}#comment-{comment.pk}"
    comment.refresh_from_db()
    assert comment.body == "Solved."
    assert comment.edited is not None
    html = client.get(url("post_detail", post)).content.decode()
    assert 'class="edited"' in html


def test_no_one_else_edits_a_comment_not_even_the_owner(course, post, owner, comment):
    other = UserFactory()
    course.students.add(other)
    for user in (other, owner):
        client = client_of(user)
        edit = url("comment_edit", post, comment.pk)
        assert client.get(edit).status_code == 404
        assert client.post(edit, {"body": "Mine now."}).status_code == 404
    assert Comment.objects.get().body == "I found out."


def test_another_student_cannot_delete_a_comment(course, post, comment):
    other = UserFactory()
    course.students.add(other)
    client = client_of(other)
    assert client.get(url("comment_delete", post, comment.pk)).status_code == 404
    assert client.post(url("comment_delete", post, comment.pk)).status_code == 404
    assert Comment.objects.exists()


@pytest.mark.parametrize("who", ["author", "owner"])
def test_the_author_or_the_owner_deletes_a_comment_after_a_confirmation(
    post, owner, comment, who
):
    client = client_of(comment.author if who == "author" else owner)
    confirm = client.get(url("comment_delete", post, comment.pk))
    assert confirm.status_code == 200
    assert "I found out." in confirm.content.decode()
    assert Comment.objects.exists()

    response = client.post(url("comment_delete", post, comment.pk))
    assert response.status_code == 302
    assert response["Location"] == url("post_detail", post)
    assert not Comment.objects.exists()


def test_the_post_page_offers_edit_and_delete_only_where_allowed(
    course, post, owner, comment
):
    other = UserFactory()
    course.students.add(other)
    theirs = CommentFactory(post=post, author=other)
    edit_post, delete_post = url("post_edit", post), url("post_delete", post)
    edit_mine = url("comment_edit", post, comment.pk)
    delete_mine = url("comment_delete", post, comment.pk)
    delete_theirs = url("comment_delete", post, theirs.pk)

    author_page = client_of(post.author).get(url("post_detail", post)).content.decode()
    assert all(
        link in author_page for link in (edit_post, delete_post, edit_mine, delete_mine)
    )
    assert delete_theirs not in author_page

    owner_page = client_of(owner).get(url("post_detail", post)).content.decode()
    assert edit_post not in owner_page
    assert edit_mine not in owner_page
    assert delete_post in owner_page
    assert delete_mine in owner_page
    assert delete_theirs in owner_page

    other_page = client_of(other).get(url("post_detail", post)).content.decode()
    assert edit_post not in other_page
    assert delete_post not in other_page
    assert delete_mine not in other_page
    assert delete_theirs in other_page


# Editing and deleting posts


def test_the_author_edits_a_post_and_it_says_edited(post, student):
    client = client_of(student)
    form = client.get(url("post_edit", post))
    assert form.status_code == 200
    assert 'value="How do loops work?"' in form.content.decode()

    response = client.post(
        url("post_edit", post), {"title": "How do while loops work?", "body": "Why?"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("post_detail", post)
    post.refresh_from_db()
    assert (post.title, post.body) == ("How do while loops work?", "Why?")
    assert post.edited is not None
    for path in (board_url(post.course), url("post_detail", post)):
        assert 'class="edited"' in client.get(path).content.decode()


def test_saving_a_post_unchanged_does_not_mark_it_edited(post, student):
    data = {"title": post.title, "body": post.body}
    assert client_of(student).post(url("post_edit", post), data).status_code == 302
    post.refresh_from_db()
    assert post.edited is None


def test_an_edit_with_a_blank_title_shows_the_form_again(post, student):
    response = client_of(student).post(
        url("post_edit", post), {"title": "", "body": "b"}
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["title"]
    post.refresh_from_db()
    assert post.title == "How do loops work?"


def test_no_one_else_edits_a_post_not_even_the_owner(course, post, owner):
    other = UserFactory()
    course.students.add(other)
    for user in (other, owner):
        client = client_of(user)
        assert client.get(url("post_edit", post)).status_code == 404
        data = {"title": "Mine", "body": "Mine"}
        assert client.post(url("post_edit", post), data).status_code == 404
    post.refresh_from_db()
    assert post.title == "How do loops work?"


def test_another_student_cannot_delete_a_post(course, post):
    other = UserFactory()
    course.students.add(other)
    client = client_of(other)
    assert client.get(url("post_delete", post)).status_code == 404
    assert client.post(url("post_delete", post)).status_code == 404
    assert Post.objects.exists()


@pytest.mark.parametrize("who", ["author", "owner"])
def test_the_author_or_the_owner_deletes_a_post_with_its_comments(
    course, post, owner, comment, who
):
    LikeFactory(post=post, user=owner)
    client = client_of(post.author if who == "author" else owner)
    confirm = client.get(url("post_delete", post))
    assert confirm.status_code == 200
    assert "Delete “How do loops work?”?" in confirm.content.decode()

    response = client.post(url("post_delete", post))
    assert response.status_code == 302
    assert response["Location"] == board_url(course)
    assert not Post.objects.exists()
    assert not Comment.objects.exists()
    assert not Like.objects.exists()


# Likes


def test_liking_twice_is_one_like_and_unliking_twice_none(post, owner):
    client = client_of(owner)
    for _ in range(2):
        assert client.post(url("post_like", post)).status_code == 302
    assert Like.objects.filter(post=post, user=owner).count() == 1
    html = client.get(url("post_detail", post)).content.decode()
    assert "1 like, yours among them" in html

    for _ in range(2):
        assert client.post(url("post_unlike", post)).status_code == 302
    assert not Like.objects.exists()
    assert "0 likes<" in client.get(url("post_detail", post)).content.decode()


def test_likes_are_post_only(post, student):
    client = client_of(student)
    assert client.get(url("post_like", post)).status_code == 405
    assert client.get(url("post_unlike", post)).status_code == 405


def test_a_like_goes_back_to_the_page_it_came_from_on_this_site_only(post, student):
    client = client_of(student)
    back = f"{board_url(post.course)}?page=1#post-{post.pk}"
    response = client.post(url("post_like", post), {"next": back})
    assert response["Location"] == back

    for elsewhere in ("https://evil.example/", "//evil.example/x", "javascript:x"):
        response = client.post(url("post_unlike", post), {"next": elsewhere})
        assert response["Location"] == url("post_detail", post)


def test_the_like_buttons_come_back_to_the_same_board_page(course, student):
    posts = PostFactory.create_batch(21, course=course, author=student)
    html = client_of(student).get(board_url(course) + "?page=2").content.decode()
    # The oldest post is alone on page 2.
    expected = f'value="{board_url(course)}?page=2#post-{posts[0].pk}"'
    assert expected in html


# Pages and limits


def test_the_board_pages_by_20(course, student):
    PostFactory.create_batch(21, course=course, author=student)
    client = client_of(student)
    assert len(client.get(board_url(course)).context["page"]) == 20
    assert len(client.get(board_url(course) + "?page=2").context["page"]) == 1
    for page in ("3", "0", "x", "١", "-1"):
        assert client.get(board_url(course) + f"?page={page}").status_code == 404, page


def test_posting_beyond_the_rate_is_the_429_page(settings, post, student):
    settings.DISCUSSION_THROTTLE_RATE = "2/hour"
    client = client_of(student)
    assert (
        client.post(board_url(post.course), {"title": "t", "body": "b"}).status_code
        == 302
    )
    assert client.post(url("post_detail", post), {"body": "b"}).status_code == 302

    for path, data in (
        (board_url(post.course), {"title": "t", "body": "b"}),
        (url("post_detail", post), {"body": "b"}),
    ):
        response = client.post(path, data)
        assert response.status_code == 429
        assert int(response["Retry-After"]) >= 1
        assert "Too many" in response.content.decode()
    assert Post.objects.count() == 2
    assert Comment.objects.count() == 1

    # Reading, liking and editing are not posting.
    assert client.get(board_url(post.course)).status_code == 200
    assert client.post(url("post_like", post)).status_code == 302


def test_the_pages_and_the_api_share_the_posting_budget(settings, post, student):
    settings.DISCUSSION_THROTTLE_RATE = "1/hour"
    client = client_of(student)
    assert client.post(url("post_detail", post), {"body": "b"}).status_code == 302
    api = reverse("api:post-comments", args=[post.pk])
    assert (
        client.post(api, {"body": "b"}, content_type="application/json").status_code
        == 429
    )


def test_invalid_posts_and_comments_on_the_pages_do_not_spend_the_budget(
    settings, post, student
):
    settings.DISCUSSION_THROTTLE_RATE = "1/hour"
    client = client_of(student)

    assert (
        client.post(board_url(post.course), {"title": "", "body": "b"}).status_code
        == 400
    )
    assert client.post(url("post_detail", post), {"body": "\u200b"}).status_code == 400
    assert client.post(url("post_detail", post), {"body": "b"}).status_code == 302
    assert client.post(url("post_detail", post), {"body": "b"}).status_code == 429


def test_the_board_says_when_in_words_a_person_reads(post, student):
    older = PostFactory(course=post.course, title="Older")
    Post.objects.filter(pk=older.pk).update(
        created=timezone.now() - timedelta(hours=3, minutes=5)
    )

    html = client_of(student).get(board_url(post.course)).content.decode()

    assert ">now</time>" in html  # the post just made, not "0 minutes ago"
    assert ">3\xa0hours ago</time>" in html
