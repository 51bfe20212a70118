import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.tests.factories import UserFactory
from courses.services import enrollment_delete
from discussions.models import Comment, Like, Post
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
from discussions.tests.factories import CommentFactory, LikeFactory, PostFactory

pytestmark = pytest.mark.django_db


def student_of(course):
    user = UserFactory()
    course.students.add(user)
    return user


def test_a_student_and_the_owner_post_on_the_board(course, student, owner):
    mine = post_create(author=student, course=course, title="Hi", body="Hello")
    theirs = post_create(author=owner, course=course, title="Welcome", body="All")

    assert list(Post.objects.filter(course=course)) == [theirs, mine]
    assert mine.edited is None


def test_an_outsider_cannot_post(course, outsider):
    with pytest.raises(PermissionDenied):
        post_create(author=outsider, course=course, title="Spam", body="Buy")

    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [
        ("", "Body", "title"),
        ("  \n ", "Body", "title"),
        ("t" * 201, "Body", "title"),
        ("Title", "", "body"),
        ("Title", "b" * 10_001, "body"),
        ("Title", "a\x00b", "body"),
    ],
)
def test_a_blank_or_too_long_text_is_refused_naming_the_field(
    course, student, title, body, field
):
    with pytest.raises(ValidationError) as refused:
        post_create(author=student, course=course, title=title, body=body)

    assert list(refused.value.message_dict) == [field]


def test_the_longest_texts_are_accepted(course, student):
    post = post_create(
        author=student, course=course, title="t" * 200, body="é" * 10_000
    )

    assert len(Post.objects.get(pk=post.pk).body) == 10_000


def test_an_edit_by_the_author_marks_the_post_edited(course, student):
    post = PostFactory(course=course, author=student)

    post_update(user=student, post=post, body="Better")

    post.refresh_from_db()
    assert post.body == "Better"
    assert post.edited is not None


def test_an_edit_that_changes_nothing_does_not_mark_the_post_edited(course, student):
    post = PostFactory(course=course, author=student)

    post_update(user=student, post=post, title=post.title)

    post.refresh_from_db()
    assert post.edited is None


def test_no_one_but_the_author_edits_a_post_not_even_the_owner(course, student, owner):
    post = PostFactory(course=course, author=student)

    for user in (owner, PostFactory(course=course).author):
        with pytest.raises(PermissionDenied):
            post_update(user=user, post=post, title="Mine now")

    post.refresh_from_db()
    assert post.title != "Mine now"


def test_the_author_and_the_owner_delete_posts_and_no_one_else(course, student, owner):
    first, second = PostFactory.create_batch(2, course=course, author=student)
    other_student = student_of(course)

    with pytest.raises(PermissionDenied):
        post_delete(user=other_student, post=first)
    post_delete(user=student, post=first)
    post_delete(user=owner, post=second)

    assert not Post.objects.exists()


def test_a_student_who_left_keeps_their_posts_but_can_no_longer_write(course, student):
    post = PostFactory(course=course, author=student)
    comment = CommentFactory(post=post, author=student)

    enrollment_delete(student=student, course=course)

    assert Post.objects.filter(pk=post.pk).exists()
    for write in (
        lambda: post_create(author=student, course=course, title="T", body="B"),
        lambda: post_update(user=student, post=post, title="T"),
        lambda: post_delete(user=student, post=post),
        lambda: comment_create(author=student, post=post, body="B"),
        lambda: comment_update(user=student, comment=comment, body="B"),
        lambda: comment_delete(user=student, comment=comment),
        lambda: post_like(user=student, post=post),
    ):
        with pytest.raises(PermissionDenied):
            write()


def test_comments_are_made_edited_and_deleted_by_their_author(course, student):
    post = PostFactory(course=course)

    comment = comment_create(author=student, post=post, body="First")
    comment_update(user=student, comment=comment, body="First!")

    comment.refresh_from_db()
    assert (comment.body, comment.edited is not None) == ("First!", True)
    comment_delete(user=student, comment=comment)
    assert not Comment.objects.exists()


def test_the_owner_deletes_a_comment_but_cannot_edit_it(course, student, owner):
    comment = CommentFactory(post=PostFactory(course=course), author=student)

    with pytest.raises(PermissionDenied):
        comment_update(user=owner, comment=comment, body="Moderated")
    comment_delete(user=owner, comment=comment)

    assert not Comment.objects.exists()


def test_another_student_neither_edits_nor_deletes_a_comment(course, student):
    comment = CommentFactory(post=PostFactory(course=course), author=student)
    other = student_of(course)

    with pytest.raises(PermissionDenied):
        comment_update(user=other, comment=comment, body="Mine")
    with pytest.raises(PermissionDenied):
        comment_delete(user=other, comment=comment)


def test_a_comment_too_long_is_refused_naming_the_body(course, student):
    with pytest.raises(ValidationError) as refused:
        comment_create(
            author=student, post=PostFactory(course=course), body="x" * 10_001
        )

    assert list(refused.value.message_dict) == ["body"]


def test_liking_twice_is_one_like_and_unliking_twice_none(course, student):
    post = PostFactory(course=course)
    LikeFactory(post=post)

    assert post_like(user=student, post=post) == 2
    assert post_like(user=student, post=post) == 2
    assert post_unlike(user=student, post=post) == 1
    assert post_unlike(user=student, post=post) == 1
    assert not Like.objects.filter(user=student).exists()


def test_deleting_a_post_deletes_its_comments_and_likes(course, student):
    post = PostFactory(course=course, author=student)
    CommentFactory(post=post)
    LikeFactory(post=post)

    post_delete(user=student, post=post)

    assert not Comment.objects.exists()
    assert not Like.objects.exists()
