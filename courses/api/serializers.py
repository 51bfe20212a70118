from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from accounts.models import User
from courses.models import CONTENT_KINDS, Course, Module, Subject
from courses.search import SEARCH_MAX_LENGTH


class SubjectSerializer(serializers.ModelSerializer):
    total_courses = serializers.IntegerField(read_only=True)

    class Meta:
        model = Subject
        fields = ["id", "title", "slug", "total_courses"]


class OwnerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name"]


class ModuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Module
        fields = ["order", "title", "description"]


class CourseSerializer(serializers.ModelSerializer):
    subject: "serializers.SlugRelatedField[Subject]" = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    owner = OwnerSerializer(read_only=True)
    modules = ModuleSerializer(many=True, read_only=True)

    class Meta:
        model = Course
        fields = [
            "id",
            "subject",
            "title",
            "slug",
            "overview",
            "created",
            "owner",
            "modules",
        ]


# The kinds shown as {type, title, rendered}. A quiz has more (QuizItemSerializer)
# and is handled here whether or not the CMS lists it in CONTENT_KINDS yet: the
# two enums stay apart, so that an item matches exactly one of the schema's shapes.
PLAIN_KINDS = [kind for kind in CONTENT_KINDS if kind != "quiz"]


class ItemSerializer(serializers.Serializer):
    """A content's item as the student page renders it."""

    type = serializers.ChoiceField(choices=PLAIN_KINDS, source="kind")
    title = serializers.CharField()
    rendered = serializers.CharField(source="html", help_text="The item as HTML.")


class QuizChoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()


class QuizQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    multiple = serializers.BooleanField(
        help_text="Several choices are right (checkboxes); else exactly one."
    )
    choices = QuizChoiceSerializer(many=True, help_text="In the author's order.")


class QuizItemSerializer(ItemSerializer):
    """A quiz item: its questions and choices, never which choices are right."""

    # Reads what courses.caching.quiz_for_students built: no correctness there.

    type = serializers.ChoiceField(choices=["quiz"], source="kind")
    id = serializers.IntegerField(
        source="quiz.id", help_text="The quiz's id, for /api/quizzes/<id>/attempts/."
    )
    pass_mark = serializers.IntegerField(
        source="quiz.pass_mark", help_text="The score, in percent, that passes."
    )
    questions = QuizQuestionSerializer(many=True, source="quiz.questions")


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="ContentItem",
        serializers={
            **dict.fromkeys(PLAIN_KINDS, ItemSerializer),
            "quiz": QuizItemSerializer,
        },
        resource_type_field_name="type",
    )
)
class ContentItemField(serializers.Field):
    """The item of a content (a rendered contents entry): a quiz's shape or the
    plain one."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        if value["kind"] == "quiz":
            return QuizItemSerializer(value).data
        return ItemSerializer(value).data


class ContentSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    item = ContentItemField()


class ModuleWithContentsSerializer(ModuleSerializer):
    # Filled in by the view from the cache of rendered contents.
    contents = ContentSerializer(many=True, read_only=True, source="contents_rendered")

    class Meta(ModuleSerializer.Meta):
        fields = [*ModuleSerializer.Meta.fields, "contents"]


class CourseWithContentsSerializer(CourseSerializer):
    modules = ModuleWithContentsSerializer(many=True, read_only=True)


class EnrollResultSerializer(serializers.Serializer):
    enrolled = serializers.BooleanField()


class CourseFilterSerializer(serializers.Serializer):
    """The query parameters of the course list."""

    subject = serializers.SlugField(required=False, help_text="A subject's slug.")
    # Trimmed; CharField refuses NUL bytes (which PostgreSQL refuses in text).
    search = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=SEARCH_MAX_LENGTH,
        help_text="Words that must all match a course's title, overview, module "
        "titles or instructor's name; best matches first. Blank: no search.",
    )
