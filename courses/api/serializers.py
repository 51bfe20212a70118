from rest_framework import serializers

from accounts.models import User
from courses.models import Course, Module, Subject


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


class ItemSerializer(serializers.Serializer):
    """A content's item as the student page renders it."""

    type = serializers.ChoiceField(
        choices=["text", "file", "image", "video"], source="kind"
    )
    title = serializers.CharField()
    rendered = serializers.CharField(source="html", help_text="The item as HTML.")


class ContentSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    item = ItemSerializer(source="*")


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
