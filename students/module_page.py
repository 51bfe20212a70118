"""The shared part of a student's module page, cached for each course revision:
the module list, the module's contents (each as done, as to do, and as the
owner's preview shows it, without marks) and the pager. What is the student's
own (their marks, their progress, their standing on each quiz and its form's
CSRF token, the menu) and whether they see the preview are rendered for each
request around it (students.views.StudentCourseDetailView). A quiz's card holds
its fields, never which choices are right."""

from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse

from courses.caching import course_entry, course_modules, rendered_contents_of
from courses.models import Content

# Where a quiz's card takes the student's standing and the form's submit button
# (students.views): written by students/partials/content_card.html in the done
# and to-do states, never in the owner's preview.
QUIZ_SLOT = "<!--quiz-standing-->"


def module_frame(course, module_id: int | None) -> dict:
    """What every student sees of the course's module `module_id` (else the
    first), Http404 when the course has no such module. `course` is anything
    with `pk` and `revision`."""
    return course_entry(
        course, ("student-module", module_id), lambda: _frame(course, module_id)
    )


def _frame(course, module_id: int | None) -> dict:
    modules = course_modules(course)
    previous, module, following = module_navigation(modules, module_id)
    contents = rendered_contents_of([module["id"]])[module["id"]] if module else []
    for content in contents:
        content["done_url"] = reverse("students:content_done", args=[content["id"]])
        if content["kind"] == "quiz":
            content["quiz"] = _quiz_of(content["quiz"])
        for state, done, preview in (
            ("done_html", True, False),
            ("todo_html", False, False),
            ("preview_html", False, True),  # the owner's: no marks
        ):
            content[state] = render_to_string(
                "students/partials/content_card.html",
                {"content": content, "done": done, "preview": preview},
            )
    context = {
        "course_id": course.pk,
        "course_title": course.title,
        "course_url": reverse("courses:course_detail", args=[course.slug]),
        "chat_url": reverse("chat:course_chat_room", args=[course.pk]),
        "modules": modules,
        "module": module,
        "previous_module": previous,
        "next_module": following,
    }
    return {
        "title": f"{module['title']} · {course.title}" if module else course.title,
        "content_total": Content.objects.filter(module__course_id=course.pk).count(),
        "module": module,
        "contents": contents,
        "sidebar_html": render_to_string(
            "students/partials/module_sidebar.html", context
        ),
        "heading_html": render_to_string(
            "students/partials/module_heading.html", context
        ),
        "pager_html": render_to_string("students/partials/module_pager.html", context),
    }


def _quiz_of(quiz: dict) -> dict:
    """What the page needs of a quiz, from the one rendered_contents_of read:
    {id, max_attempts, questions (a count), attempt_url}. Never which choices
    are right (the entry never held them)."""
    return {
        "id": quiz["id"],
        "max_attempts": quiz["max_attempts"],
        "questions": len(quiz["questions"]),
        "attempt_url": reverse("students:quiz_attempt_create", args=[quiz["id"]]),
    }


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
