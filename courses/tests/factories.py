import factory

from accounts.tests.factories import InstructorFactory
from courses.models import (
    Choice,
    Content,
    Course,
    File,
    Image,
    Module,
    Question,
    Quiz,
    Subject,
    Text,
    Video,
)


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject
        django_get_or_create = ("slug",)

    title = factory.Sequence(lambda n: f"Subject {n}")
    slug = factory.Sequence(lambda n: f"subject-{n}")


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    owner = factory.SubFactory(InstructorFactory)
    subject = factory.SubFactory(SubjectFactory)
    title = factory.Sequence(lambda n: f"Course {n}")
    overview = "What this course is about."


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Module {n}")


class ItemFactory(factory.django.DjangoModelFactory):
    """The fields every content item has (ItemBase)."""

    class Meta:
        abstract = True

    owner = factory.SubFactory(InstructorFactory)
    title = factory.Sequence(lambda n: f"Item {n}")


class TextFactory(ItemFactory):
    class Meta:
        model = Text

    content = "Some words."


class VideoFactory(ItemFactory):
    class Meta:
        model = Video

    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


class FileFactory(ItemFactory):
    class Meta:
        model = File

    file = factory.django.FileField(filename="notes.txt", data=b"Some notes.")


class ImageFactory(ItemFactory):
    class Meta:
        model = Image

    file = factory.django.ImageField(
        filename="picture.png", width=8, height=8, format="PNG"
    )


# One factory per kind of content but the quiz (made with add_quiz), in
# CONTENT_KINDS order.
ITEM_FACTORIES = [TextFactory, FileFactory, ImageFactory, VideoFactory]


def add_content(module, factory_class=TextFactory, **kwargs) -> Content:
    """An item owned by the module's instructor, appended to the module."""
    item = factory_class(owner=module.course.owner, **kwargs)
    return Content.objects.create(module=module, item=item)


# The CONTRACT's example: a single-answer question, then a multiple-answer one.
QUIZ_TEXT = """What is 2 + 2?
- 3
* 4
- 5

Which of these are prime?
* 2
* 3
- 4
"""


class QuizFactory(ItemFactory):
    """A quiz without questions; pass `questions=<text>` to write some
    (through quiz_questions_replace, as the CMS does)."""

    class Meta:
        model = Quiz
        skip_postgeneration_save = True

    @factory.post_generation
    def questions(obj, create, extracted, **kwargs):
        if create and extracted:
            from courses.services import quiz_questions_replace

            quiz_questions_replace(quiz=obj, text=extracted)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    quiz = factory.SubFactory(QuizFactory)
    text = factory.Sequence(lambda n: f"Question {n}?")
    order = factory.Sequence(lambda n: n)


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    text = factory.Sequence(lambda n: f"Choice {n}")
    order = factory.Sequence(lambda n: n)
    correct = False


def quiz_text(questions: int, choices: int = 3) -> str:
    """A quiz's text of `questions` single-answer questions: the first choice of
    each is the correct one."""
    return "\n\n".join(
        "\n".join(
            [f"Question {q}?"]
            + [f"{'*' if c == 0 else '-'} Answer {q}.{c}" for c in range(choices)]
        )
        for q in range(1, questions + 1)
    )


def add_quiz(module, text: str = QUIZ_TEXT, **kwargs) -> Content:
    """A quiz of `text` owned by the module's instructor, appended to the module."""
    quiz = QuizFactory(owner=module.course.owner, questions=text, **kwargs)
    return Content.objects.create(module=module, item=quiz)
