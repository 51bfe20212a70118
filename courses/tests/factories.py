import factory

from accounts.tests.factories import InstructorFactory
from courses.models import Content, Course, File, Image, Module, Subject, Text, Video


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


# One factory per kind of content, in CONTENT_KINDS order.
ITEM_FACTORIES = [TextFactory, FileFactory, ImageFactory, VideoFactory]


def add_content(module, factory_class=TextFactory, **kwargs) -> Content:
    """An item owned by the module's instructor, appended to the module."""
    item = factory_class(owner=module.course.owner, **kwargs)
    return Content.objects.create(module=module, item=item)
