"""The students' side: sign up, enrol, follow a course, mark contents done, leave."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import CreateView, DetailView, ListView

from accounts.views import PostThrottleMixin
from courses.caching import course_modules, rendered_contents
from courses.models import Content, Course
from courses.services import enrollment_create, enrollment_delete
from students.caching import student_page
from students.forms import (
    CompletionForm,
    CourseEnrollForm,
    CourseUnenrollForm,
    StudentRegistrationForm,
)
from students.models import Completion
from students.progress import with_progress
from students.services import completion_set


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
        login(self.request, user)
        messages.success(self.request, f"Welcome, {user.username}!")
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.next_url(), **kwargs)

    def get_success_url(self):
        return self.next_url() or str(self.success_url)

    def next_url(self) -> str:
        """Where to go after signing up (?next=), if it is on this site."""
        url = self.request.POST.get("next") or self.request.GET.get("next", "")
        safe = url_has_allowed_host_and_scheme(
            url,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        )
        return url if safe else ""


class StudentEnrollCourseView(LoginRequiredMixin, View):
    """POST course=<id>: enrol the caller, then go to the course's student page."""

    http_method_names = ["post"]

    def post(self, request):
        form = CourseEnrollForm(request.POST)
        if not form.is_valid():
            raise Http404("No such course.")
        course = form.cleaned_data["course"]
        enrollment_create(student=request.user, course=course)
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


class StudentCourseDetailView(LoginRequiredMixin, DetailView):
    """One module of a course open to the caller (enrolled, or its owner), else 404."""

    template_name = "students/course_detail.html"

    def get(self, request, *args, **kwargs):
        # Rendering was most of the page's cost: it is cached whole for each
        # student (students.caching), except when it shows a one-off message.
        if len(messages.get_messages(request)):
            return super().get(request, *args, **kwargs)
        render = super().get  # the access check, then the page
        return HttpResponse(
            student_page(
                request,
                kwargs["pk"],
                lambda: render(request, *args, **kwargs).render().content.decode(),
            )
        )

    def get_queryset(self):
        courses = Course.objects.open_to(self.request.user).select_related(
            "subject", "owner"
        )
        return with_progress(courses, student=self.request.user)

    def get_context_data(self, **kwargs):
        modules = course_modules(self.object)
        previous, module, following = module_navigation(
            modules, self.kwargs.get("module_id")
        )
        contents, done = [], set()
        if module is not None:
            contents = rendered_contents(module["id"])
            done = set(
                Completion.objects.filter(
                    student=self.request.user, content__module_id=module["id"]
                ).values_list("content_id", flat=True)
            )
        return super().get_context_data(
            modules=modules,
            module=module,
            previous_module=previous,
            next_module=following,
            contents=contents,
            done=done,
            **kwargs,
        )


def module_navigation(modules: list[dict], module_id: int | None) -> tuple:
    """(previous, current, next) around the module asked for, else the first.

    Http404 when `module_id` is not one of `modules` ({id, ...} each).
    """
    ids = [module["id"] for module in modules]
    if module_id is not None and module_id not in ids:
        raise Http404("No such module in this course.")
    if not modules:
        return None, None, None
    index = ids.index(module_id) if module_id is not None else 0
    previous = modules[index - 1] if index > 0 else None
    following = modules[index + 1] if index + 1 < len(modules) else None
    return previous, modules[index], following


class CompletionView(LoginRequiredMixin, View):
    """POST done=1|0 for a content of a course open to the caller."""

    http_method_names = ["post"]

    def post(self, request, content_id):
        content = get_object_or_404(
            Content.objects.open_to(request.user).select_related("module"),
            pk=content_id,
        )
        form = CompletionForm(request.POST)
        if form.is_valid():
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
