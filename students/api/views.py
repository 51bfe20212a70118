from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from courses.models import Content, Quiz
from educa.parsing import parse_id
from students.api.permissions import IsQuizStudent
from students.api.serializers import (
    GradedQuizAttemptSerializer,
    QuizAttemptInputSerializer,
    QuizAttemptSerializer,
    StudentProgressSerializer,
)
from students.course_progress import (
    course_quizzes,
    course_students,
    owned_course,
    progress_rows,
)
from students.quiz_attempts import AttemptRefused, attempt_submit, attempts_of


def quizzes_for(user):
    """Quizzes annotated `is_student`: whether `user` has joined a course one of
    whose modules shows the quiz (a course's owner is not one of its students)."""
    shown_to_student = Content.objects.filter(
        # The kind by name, in the join: get_for_model() could cost a query.
        content_type__app_label="courses",
        content_type__model="quiz",
        object_id=OuterRef("pk"),
        module__course__students=user,
    )
    return Quiz.objects.annotate(is_student=Exists(shown_to_student))


class QuizViewSet(viewsets.GenericViewSet):
    """A quiz's attempts: anyone's own, read; the course's students, submit."""

    serializer_class = QuizAttemptSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Quiz.objects.none()
        return quizzes_for(self.request.user)

    def get_permissions(self):
        if self.action == "attempt_create":
            return [IsAuthenticated(), IsQuizStudent()]
        return super().get_permissions()

    def get_object(self):
        quiz_id = parse_id(self.kwargs["pk"])
        quiz = None
        if quiz_id is not None:
            quiz = self.get_queryset().filter(pk=quiz_id).first()
        if quiz is None:
            raise NotFound("No such quiz.")
        self.check_object_permissions(self.request, quiz)
        return quiz

    @extend_schema(responses={200: QuizAttemptSerializer(many=True)})
    @action(detail=True, methods=["get"], url_path="attempts", url_name="attempts")
    def attempts(self, request, pk=None):
        """The caller's own attempts at the quiz, newest first."""
        quiz = self.get_object()
        page = self.paginate_queryset(attempts_of(student=request.user, quiz=quiz))
        return self.get_paginated_response(QuizAttemptSerializer(page, many=True).data)

    @extend_schema(
        request=QuizAttemptInputSerializer,
        responses={
            201: GradedQuizAttemptSerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                "`answers` is not an object of question ids to lists of choice "
                "ids of this quiz (one choice for a single-answer question).",
            ),
            403: OpenApiResponse(
                OpenApiTypes.OBJECT,
                "Not one of the course's students, no attempts left, or a quiz "
                "without questions.",
            ),
        },
    )
    @attempts.mapping.post
    def attempt_create(self, request, pk=None):
        """Submit answers: graded at once; a pass marks the quiz done."""
        # Parsed first, as by every write of the API: a body that is not JSON
        # is a 400 whatever the quiz.
        body = request.data
        quiz = self.get_object()
        data = QuizAttemptInputSerializer(data=body)
        data.is_valid(raise_exception=True)
        try:
            attempt = attempt_submit(
                student=request.user, quiz=quiz, answers=data.validated_data["answers"]
            )
        except AttemptRefused as refused:
            raise PermissionDenied(refused.message, code=refused.reason) from None
        graded = GradedQuizAttemptSerializer(attempt).data
        return Response(graded, status=status.HTTP_201_CREATED)


class CourseProgressView(generics.ListAPIView):
    """Every student of one of the caller's courses, by username: contents
    done, percent, last activity and best score at each quiz. Someone else's
    course is a 404, as an unknown one."""

    serializer_class = StudentProgressSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        # Asked by the browsable API (for its forms); list() builds the rows.
        return get_user_model().objects.none()

    def list(self, request, *args, **kwargs):
        # A list view, so that the schema describes the page it answers.
        course = owned_course(request.user, kwargs["pk"])
        quizzes = course_quizzes(course)
        page = self.paginate_queryset(course_students(course, sort="name"))
        rows = progress_rows(page, course=course, quizzes=quizzes)
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)
