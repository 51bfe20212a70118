"""The instructors' CMS: their courses, modules and contents, and nobody else's."""

from collections.abc import Callable
from typing import Any

from braces.views import JSONResponseMixin
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.views import View
from django.views.generic import CreateView, DeleteView, ListView, UpdateView
from django.views.generic.base import TemplateResponseMixin

from courses.forms import (
    ITEM_NAMES,
    CourseForm,
    ModuleFormSet,
    QuizForm,
    item_form_class,
    item_model,
)
from courses.models import Content, Course, Module, Quiz
from courses.quiz_text import quiz_questions_of
from courses.services import (
    content_create,
    content_reorder,
    item_update,
    module_reorder,
)
from educa.parsing import json_loads, parse_id


class InstructorMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Anonymous: to the login page. Logged in without the permission: 403."""


def get_my_module(user, module_id) -> Module:
    """The user's module with its course, else 404."""
    return get_object_or_404(
        Module.objects.owned_by(user)
        .select_related("course")
        .defer("course__search_vector"),  # joined: CourseManager's deferral skipped
        pk=module_id,
    )


class OwnerCourseMixin(InstructorMixin):
    # Any: ListView, the edit views and DeleteView declare these with types that
    # no one value fits (the stubs' model is optional in some, not in others).
    model: Any = Course
    success_url: Any = reverse_lazy("courses:manage_course_list")
    request: HttpRequest  # as the views it is mixed into set it

    def get_queryset(self):
        return Course.objects.owned_by(self.request.user)

    def form_valid(self, form):
        # The form found the slug free, but a concurrent save may take it before
        # this one: then say so on the form, as validation would have.
        try:
            with transaction.atomic():
                return super().form_valid(form)  # type: ignore[misc]  # mixin: the edit view after it has it
        except IntegrityError:
            form.validate_unique()  # the other row is committed: it sees it now
            if not form.errors:
                raise
            return self.form_invalid(form)  # type: ignore[attr-defined]  # as above


class ManageCourseListView(OwnerCourseMixin, ListView):
    permission_required = "courses.view_course"
    template_name = "courses/manage/course_list.html"

    def get_queryset(self):
        return super().get_queryset().for_manage_list()


class CourseCreateView(OwnerCourseMixin, CreateView):
    permission_required = "courses.add_course"
    form_class = CourseForm
    template_name = "courses/manage/course_form.html"

    def form_valid(self, form):
        form.instance.owner = self.request.user
        response = super().form_valid(form)
        if self.object is not None:
            messages.success(
                self.request,
                f"Course “{self.object.title}” created: now add its modules.",
            )
        return response

    def get_success_url(self):
        # A new course is empty: go straight on to its modules.
        if self.object is None:  # form_valid() saved it before asking
            raise RuntimeError("The new course was not saved.")
        return reverse("courses:course_module_update", args=[self.object.pk])


class CourseUpdateView(OwnerCourseMixin, UpdateView):
    permission_required = "courses.change_course"
    form_class = CourseForm
    template_name = "courses/manage/course_form.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, f"Course “{self.object.title}” saved.")
        return response


class CourseDeleteView(OwnerCourseMixin, DeleteView):
    permission_required = "courses.delete_course"
    template_name = "courses/manage/course_confirm_delete.html"


class CourseModuleUpdateView(InstructorMixin, TemplateResponseMixin, View):
    """All of a course's modules on one page: edit, add two, delete."""

    permission_required = "courses.change_module"
    template_name = "courses/manage/module_formset.html"

    def get_course(self):
        return get_object_or_404(
            Course.objects.owned_by(self.request.user), pk=self.kwargs["pk"]
        )

    def get(self, request, pk):
        course = self.get_course()
        return self.render_to_response(
            {"course": course, "formset": ModuleFormSet(instance=course)}
        )

    def post(self, request, pk):
        course = self.get_course()
        formset = ModuleFormSet(request.POST, instance=course)
        if not formset.is_valid():
            return self.render_to_response({"course": course, "formset": formset})
        with transaction.atomic():
            formset.save()
        messages.success(request, f"The modules of “{course.title}” were saved.")
        return redirect("courses:manage_course_list")


class ModuleContentListView(InstructorMixin, TemplateResponseMixin, View):
    permission_required = "courses.view_module"
    template_name = "courses/manage/module_content_list.html"

    def get(self, request, module_id):
        module = get_my_module(request.user, module_id)
        return self.render_to_response(
            {
                "module": module,
                "modules": module.course.modules.all(),
                "contents": module.contents.with_items(),
            }
        )


class ContentCreateUpdateView(InstructorMixin, TemplateResponseMixin, View):
    """Create or edit a text, file, image or video in one of the caller's modules."""

    template_name = "courses/manage/content_form.html"

    def get_permission_required(self):
        model = item_model(self.kwargs["model_name"])  # an unknown kind is 404
        action = "change" if "id" in self.kwargs else "add"
        return [f"courses.{action}_{model._meta.model_name}"]

    def get_objects(self, module_id, model_name, id=None):
        module = get_my_module(self.request.user, module_id)
        model = item_model(model_name)
        item = None
        if id is not None:
            mine = model.objects.filter(
                owner=self.request.user, contents__module=module
            )
            item = get_object_or_404(mine, pk=id)
        return module, item

    def get(self, request, module_id, model_name, id=None):
        module, item = self.get_objects(module_id, model_name, id)
        form = item_form_class(model_name)(instance=item)
        return self.render_form(form, module, item)

    def post(self, request, module_id, model_name, id=None):
        module, item = self.get_objects(module_id, model_name, id)
        # Binding the form puts a new upload on the item: note the stored one first.
        stored_file = getattr(item, "file", None) and item.file.name
        form = item_form_class(model_name)(request.POST, request.FILES, instance=item)
        if not form.is_valid():
            return self.render_form(form, module, item)
        if "preview" in request.POST and isinstance(form, QuizForm):
            # The quiz as written, shown and not saved.
            return self.render_form(form, module, item, form.parsed_questions)
        item = form.save(commit=False)
        try:
            with transaction.atomic():
                if id is None:
                    item.owner = request.user
                    content_create(module=module, item=item)
                else:
                    item_update(item=item, stored_file=stored_file)
                form.save_parts(item)
        except ObjectDoesNotExist:  # the module or quiz was deleted meanwhile
            raise Http404("No such module or content.") from None
        messages.success(request, f"“{item.title}” saved.")
        return redirect(module)

    def render_form(self, form, module, item, preview=None):
        kind = self.kwargs["model_name"]
        if preview is None and isinstance(item, Quiz):
            preview = quiz_questions_of(item)  # as saved
        context = {"form": form, "module": module, "item": item, "kind": kind}
        return self.render_to_response(
            {**context, "kind_name": ITEM_NAMES[kind], "preview": preview}
        )


class ContentDeleteView(InstructorMixin, TemplateResponseMixin, View):
    """GET: a page asking to confirm (works without JavaScript); POST deletes."""

    permission_required = "courses.delete_content"
    template_name = "courses/manage/content_confirm_delete.html"

    def get_content(self, id) -> Content:
        contents = Content.objects.owned_by(self.request.user).with_items()
        contents = contents.select_related("module__course").defer(
            "module__course__search_vector"  # joined: CourseManager's skipped
        )
        return get_object_or_404(contents, pk=id)

    def get(self, request, id):
        return self.render_to_response({"content": self.get_content(id)})

    def post(self, request, id):
        content = self.get_content(id)
        module, title = content.module, getattr(content.item, "title", "The content")
        content.delete()  # its item goes with it (courses.signals)
        messages.success(request, f"“{title}” deleted.")
        return redirect(module)


class OrderView(InstructorMixin, JSONResponseMixin, View):
    """POST {"<id>": <order>, ...} as JSON, with the CSRF token in X-CSRFToken."""

    http_method_names = ["post"]
    # The service, called as reorder(user=..., orders=...).
    reorder: Callable[..., None] | None = None

    def post(self, request):
        try:
            orders = parse_orders(json_loads(request.body))
        except ValueError as error:
            return self.render_json_response({"error": str(error)}, status=400)
        if self.reorder is None:
            raise ImproperlyConfigured(f"{type(self).__name__} has no reorder service.")
        try:
            self.reorder(user=request.user, orders=orders)
        except ObjectDoesNotExist:  # an id that is unknown or someone else's
            raise Http404("No such item.") from None
        return self.render_json_response({"saved": len(orders)})


class ModuleOrderView(OrderView):
    permission_required = "courses.change_module"
    reorder = staticmethod(module_reorder)


class ContentOrderView(OrderView):
    permission_required = "courses.change_content"
    reorder = staticmethod(content_reorder)


MAX_ORDER = 2**31 - 1  # the largest order every database stores


def parse_orders(data) -> dict[int, int]:
    """The parsed body {"<id>": <order>, ...}: ids and orders >= 0, else ValueError."""
    if not isinstance(data, dict) or not data:
        raise ValueError('Send an object like {"<id>": <order>, ...}.')
    orders = {}
    for key, value in data.items():
        pk = parse_id(key)
        if pk is None or pk in orders:
            raise ValueError(f"Bad or repeated id {key!r}.")
        if type(value) is not int or not 0 <= value <= MAX_ORDER:
            raise ValueError(f"Bad order {value!r} for {key!r}: use 0 to {MAX_ORDER}.")
        orders[pk] = value
    return orders
