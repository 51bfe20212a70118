"""Demo courses for `make run` (see `seed_demo`): the subjects fixture, and two
courses by the demo instructor with modules and one content of each kind, spread
over the modules; the demo student is enrolled in the first."""

import io

from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image as PillowImage

from accounts.models import User
from courses.models import Course, File, Image, Module, Quiz, Subject, Text, Video
from courses.services import content_create, quiz_questions_replace

# The first course's first module ends with this quiz (CONTRACT's text format).
QUIZ_TITLE = "Check your understanding"
QUIZ_QUESTIONS = """What does print("2" + "2") show?
- 4
* 22
- An error

Which of these are Python loops?
* for
* while
- repeat

What does len("abc") return?
- 2
* 3
- "abc"
"""

COURSES = [
    {
        "slug": "python-for-beginners",
        "title": "Python for beginners",
        "subject": "programming",
        "overview": "Variables, loops and functions, one small program at a time.",
        "modules": ["Getting started", "Loops", "Functions"],
    },
    {
        "slug": "music-theory-basics",
        "title": "Music theory basics",
        "subject": "music",
        "overview": "Notes, scales and chords for people who have never read music.",
        "modules": ["Notes and staves", "Major scales"],
    },
]


def seed(stdout) -> None:
    """Load the subjects; create the demo courses that are missing."""
    call_command("loaddata", "subjects", verbosity=0)
    instructor = User.objects.filter(username="instructor").first()
    if instructor is None:
        return
    for spec in COURSES:
        if Course.objects.filter(slug=spec["slug"]).exists():
            continue
        course = _create_course(instructor, spec)
        if spec is COURSES[0]:
            course.students.add(*User.objects.filter(username="student"))
    _add_quiz(instructor)
    stdout.write(
        "  2 demo courses by `instructor` (/course/mine/); `student` is enrolled"
        " in the first (/students/courses/)"
    )


def _create_course(instructor, spec) -> Course:
    course = Course.objects.create(
        owner=instructor,
        subject=Subject.objects.get(slug=spec["subject"]),
        **{key: spec[key] for key in ("slug", "title", "overview")},
    )
    modules = [
        Module.objects.create(course=course, title=title) for title in spec["modules"]
    ]
    # Text and file in the first module, the image in the second, the video in
    # the last: a student sees every kind while moving between modules.
    text, image, video, file = _one_of_each_kind(instructor, course.title)
    for module, item in [
        (modules[0], text),
        (modules[0], file),
        (modules[1], image),
        (modules[-1], video),
    ]:
        content_create(module=module, item=item)
    return course


def _add_quiz(instructor) -> None:
    """The demo quiz, in the first course's first module; databases seeded
    before quizzes existed get it too."""
    module = Module.objects.filter(course__slug=COURSES[0]["slug"]).first()
    if module is None or Quiz.objects.filter(contents__module=module).exists():
        return
    quiz = Quiz(owner=instructor, title=QUIZ_TITLE, pass_mark=60, max_attempts=3)
    content_create(module=module, item=quiz)
    quiz_questions_replace(quiz=quiz, text=QUIZ_QUESTIONS)


def _one_of_each_kind(owner, title: str):
    picture = io.BytesIO()
    PillowImage.new("RGB", (320, 180), (47, 111, 222)).save(picture, "PNG")
    return [
        Text(owner=owner, title="Welcome", content=f"Welcome to {title}!"),
        Image(
            owner=owner,
            title="A picture",
            file=ContentFile(picture.getvalue(), name="demo.png"),
        ),
        Video(
            owner=owner,
            title="An introduction",
            url="https://www.youtube.com/watch?v=rfscVS0vtbw",
        ),
        File(
            owner=owner,
            title="Syllabus",
            file=ContentFile(f"Syllabus of {title}\n".encode(), name="syllabus.txt"),
        ),
    ]
