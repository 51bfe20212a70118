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


# A course's students, for its owner (students.course_progress.StudentProgress).


class ProgressStudentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class QuizScoreSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="quiz.id")
    title = serializers.CharField(source="quiz.title")
    best_score = serializers.IntegerField(
        allow_null=True, help_text="Percent; null before the first attempt."
    )
    passed = serializers.BooleanField(
        allow_null=True, help_text="By any attempt; null before the first attempt."
    )


class StudentProgressSerializer(serializers.Serializer):
    student = ProgressStudentSerializer()
    done = serializers.IntegerField(help_text="Contents of the course done.")
    total = serializers.IntegerField(help_text="Contents in the course.")
    percent = serializers.IntegerField(help_text="done * 100 // total; 0 for none.")
    last_activity = serializers.DateTimeField(
        allow_null=True,
        help_text="The latest content marked done or quiz attempt in the course; "
        "null for never.",
    )
    quizzes = QuizScoreSerializer(many=True, help_text="In the course's order.")
