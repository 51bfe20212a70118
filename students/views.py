"""The students' side: sign up, enrol, follow a course, mark contents done, leave."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import (
    content_disposition_header,
)
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import CreateView, ListView, TemplateView

from accounts.backends import user_loaded_with
from accounts.views import PostThrottleMixin
from courses.models import Content, Course, Question, Quiz
from courses.services import enrollment_create, enrollment_delete
from educa.db import split_joined
from educa.navigation import local_next_url
from students.certificates import (
    cached_certificate_pdf,
    certificate_key,
    certificate_of,
)
from students.forms import (
    CompletionForm,
    CourseEnrollForm,
    CourseUnenrollForm,
    StudentRegistrationForm,
    quiz_answers_from,
)
from students.models import CourseCompletion, QuizAttempt
from students.module_page import QUIZ_SLOT, module_frame
from students.progress import (
    OPEN_COURSE_WITH_DONE_IDS,
    STUDENT_WITH_COURSE,
    with_progress,
)
from students.quiz_attempts import (
    AttemptRefused,
    attempt_results,
    attempt_submit,
    quiz_standings,
)
from students.services import completion_set, course_completions_record


class StudentRegistrationView(PostThrottleMixin, CreateView):
    template_name = "students/registration.html"
    form_class = StudentRegistrationForm
    success_url = reverse_lazy("students:student_course_list")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(self.success_url)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                user = form.save()
        except IntegrityError:  # a concurrent sign-up took the name or address
            form.add_error(None, "That username or email address was just taken.")
            return self.form_invalid(form)
        login(self.request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
        messages.success(self.request, f"Welcome, {user.username}!")
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.next_url(), **kwargs)

    def get_success_url(self):
        return self.next_url() or str(self.success_url)

    def next_url(self) -> str:
        """Where to go after signing up (?next=), if it is on this site."""
        return local_next_url(self.request)


class StudentEnrollCourseView(LoginRequiredMixin, View):
    """POST course=<id>: enrol the caller, then go to the course's student page."""

    http_method_names = ["post"]

    def post(self, request):
        form = CourseEnrollForm(request.POST)
        if not form.is_valid():
            raise Http404("No such course.")
        course = form.cleaned_data["course"]
        try:
            enrollment_create(student=request.user, course=course)
        except ValidationError as refused:
            messages.info(request, refused.messages[0])
        else:
            messages.success(request, f"You are enrolled in “{course.title}”.")
        return redirect("students:student_course_detail", course.pk)


class StudentUnenrollCourseView(LoginRequiredMixin, View):
    """POST course=<id>: the caller leaves a course they are enrolled in (else 404),
    then goes back to their courses."""

    http_method_names = ["post"]

    def post(self, request):
        form = CourseUnenrollForm(request.POST, student=request.user)
        if not form.is_valid():
            raise Http404("No such course among yours.")
        course = form.cleaned_data["course"]
        enrollment_delete(student=request.user, course=course)
        messages.success(request, f"You left “{course.title}”.")
        return redirect("students:student_course_list")


class StudentCourseListView(LoginRequiredMixin, ListView):
    template_name = "students/course_list.html"

    def get_queryset(self):
        courses = Course.objects.joined_by(self.request.user).select_related(
            "subject", "owner"
        )
        return with_progress(courses, student=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object_list"] = courses = list(context["object_list"])
        record_due_completions(self.request.user, courses)
        return context


def record_due_completions(student, courses) -> None:
    """Record the completion of those of `courses` (with_progress's annotations)
    the student has done every content of, with none recorded: the course lost
    its last content they had not done. Nothing to ask otherwise."""
    due = [
        course.pk
        for course in courses
        if course.completed is None and 0 < course.content_total == course.content_done
    ]
    if due:
        completed = course_completions_record(
            student=student, courses=Course.objects.filter(pk__in=due)
        )
        for course in courses:
            course.completed = completed.get(course.pk, course.completed)


class StudentCourseDetailView(LoginRequiredMixin, TemplateView):
    """One module of a course open to the caller (enrolled, or its owner), else 404.

    Access is the database's answer on every request; the shared part of the page
    is cached per course revision (students.module_page), the student's own part
    rendered around it.
    """

    template_name = "students/course_detail.html"

    def dispatch(self, request, *args, **kwargs):
        # The user and their access to the course in one query.
        with user_loaded_with(STUDENT_WITH_COURSE, course_id=kwargs["pk"]):
            return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, pk, module_id=None, **kwargs):  # type: ignore[override]  # TemplateView passes the URL's keywords
        course = self.open_course(pk)
        if course is None:
            raise Http404("No such course among yours.")
        frame = module_frame(course, module_id)
        # The owner is not a student of their own course: a preview, no marks.
        preview = course.owner_id == self.request.user.pk
        done = {int(content_id) for content_id in split_joined(course.done_ids)}
        course.content_total, course.content_done = frame["content_total"], len(done)
        # Each content as this student left it (or as the owner's preview shows
        # it), from the states in the frame; a quiz with the student's standing.
        if preview:
            contents = [content["preview_html"] for content in frame["contents"]]
        else:
            record_due_completions(self.request.user, [course])
            contents = self.student_contents(frame["contents"], done)
        return super().get_context_data(
            course=course,
            frame=frame,
            preview=preview,
            contents=mark_safe("".join(contents)),
        )

    def student_contents(self, contents: list[dict], done: set[int]) -> list[str]:
        """The cards as this student left them; each quiz's with their standing
        and its form (the CSRF token): one query if the module holds a quiz."""
        quizzes = [
            Quiz(pk=content["quiz"]["id"], max_attempts=content["quiz"]["max_attempts"])
            for content in contents
            if "quiz" in content
        ]
        standings = (
            quiz_standings(student=self.request.user, quizzes=quizzes)
            if quizzes
            else {}
        )
        cards = []
        for content in contents:
            card = content["done_html" if content["id"] in done else "todo_html"]
            if "quiz" in content:
                quiz = content["quiz"]
                standing = render_to_string(
                    "students/partials/quiz_standing.html",
                    {"quiz": quiz, "standing": standings[quiz["id"]]},
                    request=self.request,
                )
                card = card.replace(QUIZ_SLOT, standing, 1)
            cards.append(card)
        return cards

    def open_course(self, pk: int):
        """The course if open to the user, with their marks in it (`done_ids`)
        and its owner, as read with the user; else one query of its own."""
        # Any: the user as user_loaded_with() loaded it, annotated beyond the model.
        user: Any = self.request.user
        if not hasattr(user, "course_revision"):  # the user was loaded before
            return OPEN_COURSE_WITH_DONE_IDS.first(user_id=user.pk, course_id=pk)
        if user.course_revision is None:
            return None
        course = Course(
            pk=pk, title=user.course_title, slug=user.course_slug,
            revision=user.course_revision, owner_id=user.course_owner_id,
        )  # fmt: skip
        # Annotations, not fields.
        course.done_ids = user.done_ids  # type: ignore[attr-defined]
        course.completed = user.course_completed  # type: ignore[attr-defined]
        return course


class CourseCertificateView(LoginRequiredMixin, View):
    """The caller's certificate of a course they study and completed: a PDF;
    else 404 (before completion, after leaving the course, for its owner).

    Access and names come from the database on every request; the PDF is
    built once for what it prints (students.certificates)."""

    def get(self, request, pk):
        completion = self.completion(pk)
        certificate = certificate_of(completion, student=request.user)
        key = certificate_key(certificate)
        etag = f'"{key}"'
        response = get_conditional_response(request, etag=etag)
        if response is None:
            # Inline: the browser shows it, and can save it under this name.
            disposition = content_disposition_header(
                as_attachment=False,
                filename=f"certificate-{completion.course.slug}.pdf",
            )
            response = HttpResponse(
                cached_certificate_pdf(certificate, key),
                content_type="application/pdf",
                headers={"Content-Disposition": disposition},
            )
        response["ETag"] = etag
        patch_cache_control(response, private=True)
        return response

    def completion(self, pk: int) -> CourseCompletion:
        """The caller's completion of course `pk`, recorded now if it is due
        (the course lost the last content they had not done), else Http404."""
        completions = CourseCompletion.objects.of_student(self.request.user)
        # On the course's pk, which matches nothing past its column's range.
        completions = (
            completions.filter(course__pk=pk)
            .select_related("course__owner")
            .defer("course__search_vector")
        )
        completion = completions.first()
        if completion is None:
            user = self.request.user
            studied = Course.objects.joined_by(user).exclude(owner=user)
            if course_completions_record(student=user, courses=studied.filter(pk=pk)):
                completion = completions.first()
        if completion is None:
            raise Http404("No completion of this course among yours.")
        return completion


class CompletionView(LoginRequiredMixin, View):
    """POST done=1|0 for a content of a course the caller studies (open to them,
    and not their own: an owner has nothing to mark), else 404."""

    http_method_names = ["post"]

    def post(self, request, content_id):
        contents = Content.objects.open_to(request.user).exclude(
            module__course__owner=request.user
        )
        content = get_object_or_404(
            contents.select_related("module", "content_type"), pk=content_id
        )
        form = CompletionForm(request.POST)
        if content.content_type.model == "quiz":
            messages.error(request, "A quiz is done when you pass it.")
        elif form.is_valid():
            completion_set(
                student=request.user, content=content, done=form.cleaned_data["done"]
            )
        else:
            messages.error(request, "Choose done or not done.")
        url = reverse(
            "students:student_course_module",
            args=[content.module.course_id, content.module_id],
        )
        return redirect(f"{url}#content-{content.pk}")


def studied_quizzes(user):
    """The quizzes of the courses `user` studies (open to them, and not their
    own), each with where it is shown: `content_id`, `module_id`, `course_id`."""
    contents = Content.objects.open_to(user).exclude(module__course__owner=user)
    return Quiz.objects.filter(contents__in=contents).annotate(
        content_id=F("contents__pk"),
        module_id=F("contents__module_id"),
        course_id=F("contents__module__course_id"),
    )


def quiz_card_url(shown) -> str:
    """A quiz's card on its module page; `shown` has the quiz's `course_id`,
    `module_id` and `content_id` (as studied_quizzes() annotates them)."""
    url = reverse(
        "students:student_course_module", args=[shown.course_id, shown.module_id]
    )
    return f"{url}#content-{shown.content_id}"


class QuizAttemptCreateView(LoginRequiredMixin, View):
    """POST the quiz form of the module page (question-<id>=<choice id>, ...) for
    a quiz of a course the caller studies, else 404: graded, then the answer
    page. Bad answers and a spent quiz go back to the quiz with a message."""

    http_method_names = ["post"]

    def post(self, request, pk):
        quiz = get_object_or_404(studied_quizzes(request.user), pk=pk)
        try:
            answers = quiz_answers_from(request.POST)
            attempt = attempt_submit(student=request.user, quiz=quiz, answers=answers)
        except AttemptRefused as refused:
            if refused.reason == AttemptRefused.CLOSED:  # left the course meanwhile
                raise Http404("No such quiz among yours.") from None
            messages.error(request, refused.message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("students:quiz_attempt_detail", attempt.pk)
        return redirect(quiz_card_url(quiz))


class QuizAttemptDetailView(LoginRequiredMixin, TemplateView):
    """The caller's own attempt at a quiz of a course open to them (else 404):
    the score, the verdict on each question, their standing on the quiz."""

    template_name = "students/quiz_attempt.html"

    def get_context_data(self, pk, **kwargs):  # type: ignore[override]  # the URL's keyword
        attempt = self.own_attempt(pk)
        results = attempt_results(attempt=attempt)
        texts = dict(
            Question.objects.filter(quiz=attempt.quiz).values_list("pk", "text")
        )
        return super().get_context_data(
            attempt=attempt,
            quiz=attempt.quiz,
            results=None
            if results is None
            else [
                # .get(): the questions may be replaced between the two reads.
                {**result, "text": texts.get(result["question"], "")}
                for result in results
            ],
            standing=quiz_standings(student=self.request.user, quizzes=[attempt.quiz])[
                attempt.quiz_id
            ],
            quiz_url=quiz_card_url(attempt),
            **kwargs,
        )

    def own_attempt(self, attempt_id: int) -> QuizAttempt:
        """The caller's attempt, if its course is open to them, else Http404;
        with its quiz and where it is shown (`course_id`, `module_id`,
        `content_id`, `course_title`)."""
        user = self.request.user
        attempts = QuizAttempt.objects.filter(
            student_id=user.pk, quiz__contents__in=Content.objects.open_to(user)
        )
        return get_object_or_404(
            attempts.select_related("quiz").annotate(
                content_id=F("quiz__contents__pk"),
                module_id=F("quiz__contents__module_id"),
                course_id=F("quiz__contents__module__course_id"),
                course_title=F("quiz__contents__module__course__title"),
            ),
            pk=attempt_id,
        )
