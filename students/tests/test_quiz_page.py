"""Taking a quiz on the module page: the form, the answer page, the standing,
and every refusal a 4xx or a message, never a 500."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses.services import quiz_questions_replace
from courses.tests.factories import ModuleFactory, add_content, quiz_text
from students.models import Completion, QuizAttempt
from students.tests.quizzes import (
    ALL_RIGHT,
    HALF_RIGHT,
    attempt_url,
    form_data,
    ids,
    module_url,
    quiz_in_course,
)

pytestmark = pytest.mark.django_db


def card(html: str) -> str:
    """The quiz's card (the module holds one content) of a module page."""
    return re.search(r"<article.*?</article>", html, re.S).group(0)


def submit(client, quiz, answers: dict):
    return client.post(attempt_url(quiz), form_data(quiz, **answers))


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# The form


def test_a_quiz_is_a_form_of_radio_buttons_for_one_answer_and_checkboxes_for_several(
    client, student
):
    quiz = quiz_in_course(student)
    key = ids(quiz)

    html = card(client.get(module_url(quiz)).content.decode())

    for text in ("3", "4", "5"):
        assert (
            f'<input type="radio" name="question-{key["Q1"]}" '
            f'value="{key[f"Q1:{text}"]}" form="quiz-{quiz.pk}">'
        ) in html
    for text in ("2", "3", "4"):
        assert (
            f'<input type="checkbox" name="question-{key["Q2"]}" '
            f'value="{key[f"Q2:{text}"]}" form="quiz-{quiz.pk}">'
        ) in html
    assert (
        f'<form id="quiz-{quiz.pk}" method="post" action="{attempt_url(quiz)}"' in html
    )
    assert 'name="csrfmiddlewaretoken"' in html
    assert ">Submit answers</button>" in html
    assert "Mark as done" not in html  # a quiz is done by passing it


def test_the_quiz_form_posts_with_a_csrf_token_that_works_from_a_cached_page(student):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(student)
    quiz = quiz_in_course(student)
    browser.get(module_url(quiz))
    html = browser.get(module_url(quiz)).content.decode()  # from the cache
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', card(html))[1]

    refused = browser.post(attempt_url(quiz), form_data(quiz, **ALL_RIGHT))
    response = browser.post(
        attempt_url(quiz),
        {**form_data(quiz, **ALL_RIGHT), "csrfmiddlewaretoken": token},
    )

    assert refused.status_code == 403
    assert response.status_code == 302
    assert QuizAttempt.objects.get(student=student).score == 100


def test_the_module_page_shows_the_best_score_so_far_and_the_attempts_left(
    client, student
):
    quiz = quiz_in_course(student, max_attempts=3)
    submit(client, quiz, ALL_RIGHT)
    submit(client, quiz, HALF_RIGHT)

    html = card(client.get(module_url(quiz)).content.decode())

    assert "Best score so far: <strong>100%</strong>" in html
    assert "Passed" in html
    assert "2 attempts" in html
    assert "1 attempt left" in html


def test_with_no_attempts_left_the_quiz_says_so_and_has_no_submit_button(
    client, student
):
    quiz = quiz_in_course(student, max_attempts=1)
    submit(client, quiz, HALF_RIGHT)

    html = card(client.get(module_url(quiz)).content.decode())

    assert "You have used all 1 attempt at this quiz." in html
    assert "Submit answers" not in html
    assert "<form" not in html


def test_the_owners_preview_shows_the_quiz_without_a_submit_button(client):
    quiz = quiz_in_course()
    client.force_login(quiz.owner)

    html = card(client.get(module_url(quiz)).content.decode())

    assert "What is 2 + 2?" in html
    assert 'type="radio"' in html
    assert "Submit answers" not in html
    assert "csrfmiddlewaretoken" not in html


def test_two_students_see_their_own_standing_on_the_same_cached_card(client, student):
    quiz = quiz_in_course(student, max_attempts=2)
    submit(client, quiz, ALL_RIGHT)
    other = UserFactory()
    quiz.contents.get().module.course.students.add(other)
    client.get(module_url(quiz))
    client.force_login(other)

    html = card(client.get(module_url(quiz)).content.decode())

    assert "Best score" not in html
    assert "2 attempts left" in html


# Submitting


def test_a_student_submits_and_sees_the_score_and_which_questions_were_right(
    client, student
):
    quiz = quiz_in_course(student, max_attempts=3)

    response = submit(client, quiz, HALF_RIGHT)
    attempt = QuizAttempt.objects.get(student=student, quiz=quiz)
    assert response.url == reverse("students:quiz_attempt_detail", args=[attempt.pk])
    page = client.get(response.url)
    html = page.content.decode()

    assert "You scored <strong>50%</strong>" in html
    assert "not passed (the pass mark is 60%)" in html
    verdicts = re.findall(r'<li class="(right|wrong)">\s*([^<]+?)\s*<strong>', html)
    assert verdicts == [
        ("right", "What is 2 + 2?"),
        ("wrong", "Which of these are prime?"),
    ]
    assert "Best score so far: <strong>50%</strong>" in html
    assert "2 attempts left." in html
    assert f'href="{module_url(quiz)}#content-{quiz.contents.get().pk}">Try again' in (
        html
    )
    assert "Back to the module" in html


def test_a_passed_quiz_is_done_and_counted_by_the_progress_bar(client, student):
    quiz = quiz_in_course(student)
    add_content(quiz.contents.get().module, title="Reading")
    before = client.get(module_url(quiz)).content.decode()

    answer_page = client.get(submit(client, quiz, ALL_RIGHT).url).content.decode()
    after = client.get(module_url(quiz)).content.decode()

    assert "0 of 2 done" in before
    assert '<strong class="quiz-passed">passed</strong>' in answer_page
    assert "1 of 2 done" in after
    assert 'class="card content done"' in card(after)
    assert "✓ Done" in card(after)


def test_a_failed_attempt_leaves_the_quiz_to_do(client, student):
    quiz = quiz_in_course(student)

    submit(client, quiz, HALF_RIGHT)
    html = client.get(module_url(quiz)).content.decode()

    assert "0 of 1 done" in html
    assert "✓ Done" not in card(html)


def test_the_last_attempt_has_no_try_again_link(client, student):
    quiz = quiz_in_course(student, max_attempts=1)

    html = client.get(submit(client, quiz, HALF_RIGHT).url).content.decode()

    assert "0 attempts left." in html
    assert "Try again" not in html
    assert "Back to the module" in html


def test_submitting_with_no_attempts_left_is_refused_with_a_message(client, student):
    quiz = quiz_in_course(student, max_attempts=1)
    submit(client, quiz, HALF_RIGHT)

    response = client.post(attempt_url(quiz), form_data(quiz, **ALL_RIGHT), follow=True)

    assert response.redirect_chain[0][0].endswith(f"#content-{quiz.contents.get().pk}")
    assert messages_of(response) == ["You have used all 1 attempts at this quiz."]
    assert QuizAttempt.objects.filter(student=student).count() == 1


def foreign_choice(quiz):
    other = quiz_in_course()
    return {f"question-{ids(quiz)['Q1']}": [ids(other)["Q1:4"]]}


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (lambda quiz: {}, "Choose at least one answer before submitting."),
        (
            lambda quiz: {f"question-{ids(quiz)['Q1']}": [""]},
            "Those answers are not choices of this quiz.",
        ),
        (
            lambda quiz: {f"question-{ids(quiz)['Q1']}": ["²"]},
            "Those answers are not choices of this quiz.",
        ),
        (lambda quiz: form_data(quiz, Q1=["3", "4"]), "takes one choice"),
        (lambda quiz: form_data(quiz, Q1=["4", "4"]), "is given twice"),
        (foreign_choice, "is not a choice of question"),
        (lambda quiz: {"question-x": [ids(quiz)["Q1:4"]]}, "is not a question id"),
        (lambda quiz: {"question-999999": [1]}, "There is no question 999999"),
    ],
    ids=[
        "nothing",
        "blank",
        "not-ascii",
        "two-on-one",
        "twice",
        "foreign",
        "bad-question",
        "unknown-question",
    ],
)
def test_bad_answers_are_a_message_on_the_module_page_and_cost_no_attempt(
    client, student, answers, message
):
    quiz = quiz_in_course(student, max_attempts=1)

    response = client.post(attempt_url(quiz), answers(quiz), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[0][0] == (
        f"{module_url(quiz)}#content-{quiz.contents.get().pk}"
    )
    assert message in messages_of(response)[0]
    assert not QuizAttempt.objects.exists()
    assert "Submit answers" in response.content.decode()


def test_a_quiz_without_questions_has_nothing_to_submit(client, student):
    quiz = quiz_in_course(student, text="")

    html = card(client.get(module_url(quiz)).content.decode())
    response = client.post(attempt_url(quiz), {"question-1": ["1"]}, follow=True)

    assert "This quiz has no questions yet." in html
    assert "Submit answers" not in html
    assert messages_of(response) == ["This quiz has no questions yet."]


# Who may


def test_a_student_of_another_course_gets_404_for_the_quiz(client, student):
    quiz = quiz_in_course()  # not the student's course

    response = client.post(attempt_url(quiz), form_data(quiz, **ALL_RIGHT))

    assert response.status_code == 404
    assert not QuizAttempt.objects.exists()


def test_the_owner_gets_404_for_their_own_quiz(client):
    quiz = quiz_in_course()
    client.force_login(quiz.owner)

    response = client.post(attempt_url(quiz), form_data(quiz, **ALL_RIGHT))

    assert response.status_code == 404


def test_an_unknown_quiz_is_404(client, student):
    response = client.post(reverse("students:quiz_attempt_create", args=[987654]))

    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    quiz = quiz_in_course()

    response = client.post(attempt_url(quiz), form_data(quiz, **ALL_RIGHT))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_quiz_is_only_posted_to(client, student):
    quiz = quiz_in_course(student)

    assert client.get(attempt_url(quiz)).status_code == 405


def test_someone_elses_attempt_is_404(client, student):
    quiz = quiz_in_course(student)
    response = submit(client, quiz, ALL_RIGHT)
    other = UserFactory()
    quiz.contents.get().module.course.students.add(other)
    client.force_login(other)

    assert client.get(response.url).status_code == 404


def test_an_attempt_at_a_course_left_since_is_404(client, student):
    quiz = quiz_in_course(student)
    response = submit(client, quiz, ALL_RIGHT)
    quiz.contents.get().module.course.students.remove(student)

    assert client.get(response.url).status_code == 404


# Edits and marks


def test_the_answer_page_says_when_the_questions_were_replaced_since(client, student):
    quiz = quiz_in_course(student)
    url = submit(client, quiz, ALL_RIGHT).url

    quiz_questions_replace(quiz=quiz, text=quiz_text(3))
    html = client.get(url).content.decode()

    assert "You scored <strong>100%</strong>" in html
    assert "The quiz's questions have changed since this attempt" in html
    assert 'class="right"' not in html


def test_a_quiz_cannot_be_marked_done_by_hand(client, student):
    quiz = quiz_in_course(student)
    content = quiz.contents.get()

    response = client.post(
        reverse("students:content_done", args=[content.pk]), {"done": "1"}, follow=True
    )

    assert messages_of(response) == ["A quiz is done when you pass it."]
    assert not Completion.objects.exists()


def test_other_contents_are_still_marked_done_by_hand(client, student):
    module = ModuleFactory()
    module.course.students.add(student)
    content = add_content(module)

    client.post(reverse("students:content_done", args=[content.pk]), {"done": "1"})

    assert Completion.objects.filter(student=student, content=content).exists()
