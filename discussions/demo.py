"""Demo discussion for `make run` (see `seed_demo`): two posts with comments
and likes on the board of the demo course the demo student is enrolled in."""

from django.contrib.auth import get_user_model

from courses.models import Course
from discussions.models import Post
from discussions.services import comment_create, post_create, post_like

COURSE_SLUG = "python-for-beginners"

# (author, title, body, [(author, comment)], [who likes it]); oldest first.
POSTS = [
    (
        "instructor",
        "Welcome: introduce yourself",
        "Hello everyone!\nTell us where you are from and what you want to build "
        "with Python.",
        [("student", "Hi! I'd like to automate my spreadsheets.")],
        ["student"],
    ),
    (
        "student",
        "How do I stop a while loop?",
        "My loop never ends:\n\nwhile True:\n    print('again')\n\nWhat am I missing?",
        [
            (
                "instructor",
                "Use `break` when you are done, or a condition that becomes false.",
            ),
            ("student", "That worked, thanks!"),
        ],
        ["instructor", "student"],
    ),
]


def seed(stdout) -> None:
    """Add the demo posts that are missing (by title) to the demo course."""
    course = Course.objects.filter(slug=COURSE_SLUG).first()
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["instructor", "student"])
    }
    if course is None or len(users) < 2:
        return
    if not course.students.filter(pk=users["student"].pk).exists():
        return  # the student left the demo course: post nothing in their name
    for author, title, body, comments, likers in POSTS:
        if Post.objects.filter(course=course, title=title).exists():
            continue
        post = post_create(author=users[author], course=course, title=title, body=body)
        for commenter, text in comments:
            comment_create(author=users[commenter], post=post, body=text)
        for liker in likers:
            post_like(user=users[liker], post=post)
    stdout.write(
        f"  {len(POSTS)} demo posts on the board of {course.title!r} "
        f"(/students/course/{course.pk}/discussion/)"
    )
