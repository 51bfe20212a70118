import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from discussions.tests.factories import CommentFactory, LikeFactory, PostFactory

MARKUP = '<script>alert("x")</script>'


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_posts_are_listed_with_counts_and_searched(admin_client):
    post = PostFactory(title="Loops")
    PostFactory(title="Scales")
    CommentFactory.create_batch(2, post=post)
    LikeFactory(post=post)
    url = reverse("admin:discussions_post_changelist")

    searched = admin_client.get(url, {"q": "loop"})

    [row] = searched.context["cl"].result_list
    assert (row.title, row.like_count, row.comment_count) == ("Loops", 1, 2)


def test_posts_are_filtered_by_course(admin_client):
    post = PostFactory()
    PostFactory()
    url = reverse("admin:discussions_post_changelist")

    filtered = admin_client.get(url, {"course__id__exact": post.course_id})

    assert list(filtered.context["cl"].result_list) == [post]


def test_the_admin_shows_markup_in_texts_as_text(admin_client):
    post = PostFactory(title=MARKUP, body=MARKUP)
    comment = CommentFactory(post=post, body=MARKUP)

    pages = [
        admin_client.get(reverse("admin:discussions_post_changelist")),
        admin_client.get(reverse("admin:discussions_post_change", args=[post.pk])),
        admin_client.get(
            reverse("admin:discussions_comment_change", args=[comment.pk])
        ),
    ]

    for page in pages:
        assert page.status_code == 200
        assert MARKUP not in page.content.decode()
        assert "&lt;script&gt;" in page.content.decode()


@pytest.mark.parametrize("model", ["post", "comment", "like"])
def test_every_list_of_the_app_opens(admin_client, model):
    LikeFactory(post=CommentFactory().post)

    response = admin_client.get(reverse(f"admin:discussions_{model}_changelist"))

    assert response.status_code == 200
