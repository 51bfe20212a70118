from django.db import models

from courses.managers import count_of
from courses.models import Course


def _courses_open_to(user):
    """The ids of the courses `user` may discuss: the courses' one rule
    (CourseQuerySet.open_to), read from the database on every call."""
    return Course.objects.open_to(user).values("pk")


class PostQuerySet(models.QuerySet):
    def open_to(self, user):
        """Posts of the courses `user` studies or owns."""
        return self.filter(course__in=_courses_open_to(user))

    def with_is_open_to(self, user):
        """Posts annotated `is_open`: whether open_to(user) holds (to tell a post
        closed to the user, 403 in the API, from one that does not exist)."""
        open_course = Course.objects.open_to(user).filter(
            pk=models.OuterRef("course_id")
        )
        return self.annotate(is_open=models.Exists(open_course))

    def with_counts(self):
        """Posts annotated `like_count` and `comment_count` (subqueries: two
        joined counts would multiply each other)."""
        from discussions.models import Comment, Like

        post = models.OuterRef("pk")
        return self.annotate(
            like_count=count_of(Like.objects.filter(post=post)),
            comment_count=count_of(Comment.objects.filter(post=post)),
        )

    def with_liked_by(self, user):
        """Posts annotated `liked`: whether `user` likes them."""
        from discussions.models import Like

        if not user.is_authenticated:
            return self.annotate(liked=models.Value(False))
        mine = Like.objects.filter(post=models.OuterRef("pk"), user=user)
        return self.annotate(liked=models.Exists(mine))

    def for_board(self, user):
        """Post rows as a board lists them for `user`: author, counts and
        whether `user` likes each, in the one query."""
        return self.select_related("author").with_counts().with_liked_by(user)

    def with_course(self):
        """Posts with their course, but not its search vector (Course.objects
        leaves it out; a join does not ask that manager)."""
        return self.select_related("course").defer("course__search_vector")

    def by_likes(self):
        """Most liked first, then newest (call after with_counts())."""
        return self.order_by("-like_count", "-created", "-pk")


class CommentQuerySet(models.QuerySet):
    def open_to(self, user):
        """Comments on the posts of the courses `user` studies or owns."""
        return self.filter(post__course__in=_courses_open_to(user))

    def with_is_open_to(self, user):
        """Comments annotated `is_open` (as PostQuerySet.with_is_open_to)."""
        open_course = Course.objects.open_to(user).filter(
            pk=models.OuterRef("post__course_id")
        )
        return self.annotate(is_open=models.Exists(open_course))
