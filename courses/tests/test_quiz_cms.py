"""Instructors write quizzes in the CMS: the fifth kind of content (issue 18)."""

import pytest
from django.urls import reverse

from accounts.tests.factories import InstructorFactory
from courses.models import Content, Quiz
from courses.quiz_text import quiz_text_of
from courses.tests.factories import QUIZ_TEXT, CourseFactory, ModuleFactory, add_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def module(instructor):
    return ModuleFactory(course=CourseFactory(owner=instructor))


def create_url(module) -> str:
    return reverse("courses:module_content_create", args=[module.pk, "quiz"])


def quiz_form(**fields) -> dict:
    return {"title": "Check", "pass_mark": "60", "questions": QUIZ_TEXT, **fields}


def test_an_instructor_writes_a_quiz_in_the_text_format(client, module):
    response = client.post(create_url(module), quiz_form(max_attempts="2"))

    assert response.status_code == 302
    quiz = Quiz.objects.get()
    assert (quiz.title, quiz.pass_mark, quiz.max_attempts) == ("Check", 60, 2)
    assert quiz.owner == module.course.owner
    assert Content.objects.get(module=module).item == quiz
    assert [q.multiple for q in quiz.questions.all()] == [False, True]
    assert quiz_text_of(quiz).split() == QUIZ_TEXT.split()


def test_an_error_names_the_question_and_nothing_is_saved(client, module):
    text = QUIZ_TEXT + "\nA question without choices\n"

    response = client.post(create_url(module), quiz_form(questions=text))

    assert response.status_code == 200
    assert "Question 3" in response.text
    assert not Quiz.objects.exists()
    assert not Content.objects.exists()


def test_editing_a_quiz_shows_its_questions_in_the_same_format(client, module):
    quiz = add_quiz(module, text=QUIZ_TEXT).item
    url = reverse("courses:module_content_update", args=[module.pk, "quiz", quiz.pk])

    form = client.get(url).context["form"]

    assert form["questions"].value().split() == QUIZ_TEXT.split()


def test_editing_the_text_replaces_the_questions(client, module):
    quiz = add_quiz(module, text=QUIZ_TEXT).item
    url = reverse("courses:module_content_update", args=[module.pk, "quiz", quiz.pk])

    client.post(url, quiz_form(questions="Yes or no?\n* Yes\n- No\n"))

    assert [q.text for q in quiz.questions.all()] == ["Yes or no?"]


def test_the_preview_shows_the_quiz_as_written_without_saving_it(client, module):
    text = "Capital of France?\n- Lyon\n* Paris\n"

    response = client.post(create_url(module), quiz_form(questions=text, preview="1"))

    assert response.status_code == 200
    preview = response.text.split("Preview: what students see")[1]
    assert "Capital of France?" in preview
    assert preview.count('type="radio"') == 2
    assert "Paris" in preview
    assert not Quiz.objects.exists()


def test_the_edit_page_previews_the_saved_quiz(client, module):
    quiz = add_quiz(module, text=QUIZ_TEXT).item
    url = reverse("courses:module_content_update", args=[module.pk, "quiz", quiz.pk])

    page = client.get(url).text

    preview = page.split("Preview: what students see")[1]
    assert "Which of these are prime?" in preview
    assert preview.count('type="checkbox"') == 3  # the prime question's choices


def test_another_instructors_quiz_is_404(client, module):
    quiz = add_quiz(ModuleFactory(course=CourseFactory(owner=InstructorFactory())))
    theirs = reverse(
        "courses:module_content_update",
        args=[quiz.module_id, "quiz", quiz.object_id],
    )

    assert client.get(theirs).status_code == 404
    assert client.post(theirs, quiz_form()).status_code == 404


def test_the_module_page_offers_a_quiz(client, module):
    page = client.get(module.get_absolute_url()).text

    assert create_url(module) in page


def test_a_pass_mark_outside_1_to_100_is_a_form_error(client, module):
    response = client.post(create_url(module), quiz_form(pass_mark="101"))

    assert response.status_code == 200
    assert response.context["form"].errors["pass_mark"]
    assert not Quiz.objects.exists()
