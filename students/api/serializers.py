from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from students.models import QuizAttempt


@extend_schema_field(
    {
        "type": "object",
        "description": "The chosen choice ids by question id; "
        "a question left out counts wrong.",
        "additionalProperties": {"type": "array", "items": {"type": "integer"}},
        "example": {"12": [40], "13": [44, 45]},
    }
)
class AnswersField(serializers.Field):
    """The answers as sent: students.quiz_attempts.attempt_submit checks them
    against the quiz (shape, size, ids), a 400 keyed `answers` otherwise."""

    def to_internal_value(self, data):
        return data

    def to_representation(self, value):
        return value


class QuizAttemptInputSerializer(serializers.Serializer):
    answers = AnswersField()


class QuestionResultSerializer(serializers.Serializer):
    question = serializers.IntegerField(help_text="A question's id.")
    correct = serializers.BooleanField()


class QuizAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = QuizAttempt
        fields = ["id", "score", "passed", "created"]


class GradedQuizAttemptSerializer(QuizAttemptSerializer):
    results = QuestionResultSerializer(
        many=True,
        read_only=True,
        help_text="Each question's verdict, in the quiz's order.",
    )

    class Meta(QuizAttemptSerializer.Meta):
        fields = [*QuizAttemptSerializer.Meta.fields, "results"]
