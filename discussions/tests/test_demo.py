from io import StringIO

import pytest
from django.core.management import call_command

from discussions.models import Comment, Like, Post


@pytest.mark.django_db
def test_seed_demo_adds_posts_comments_and_likes_to_the_demo_course_once():
    call_command("seed_demo", "--force", stdout=StringIO())
    call_command("seed_demo", "--force", stdout=StringIO())

    posts = Post.objects.all()
    assert posts.count() == 2
    assert {post.course.slug for post in posts} == {"python-for-beginners"}
    assert {post.author.username for post in posts} == {"instructor", "student"}
    assert Comment.objects.count() == 3
    assert Like.objects.count() == 3
