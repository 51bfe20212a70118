"""A quiz in a real browser: an instructor writes it in the CMS, a student fails
it, takes it again, passes, and sees it counted as done."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import InstructorFactory, UserFactory
from courses.tests.factories import (
    CourseFactory,
    ModuleFactory,
    add_content,
    add_quiz,
)
from educa.tests.browser import ends_with, log_in
from students.tests.test_browser import content_card

pytestmark = pytest.mark.browser

QUIZ = """Which planet is the largest?
- Mars
* Jupiter
- Venus

Which of these are gases at room temperature?
* Oxygen
* Helium
- Iron

What colour is the sky on a clear day?
- Green
* Blue
- Red
"""


def choose(quiz, question: str, *answers: str) -> None:
    group = quiz.get_by_role("group", name=question)
    for answer in answers:
        group.get_by_label(answer).check()


@pytest.fixture
def module(live_server):
    module = ModuleFactory(title="The solar system")
    add_content(module, title="Reading")
    add_quiz(module, text=QUIZ, title="Planets quiz", max_attempts=3)
    return module


def test_a_student_fails_a_quiz_takes_it_again_passes_and_sees_it_done(page, module):
    fail_retake_and_pass(page, module)


def test_an_instructor_writes_the_quiz_in_the_cms_that_a_student_then_takes(
    page, live_server
):
    module = ModuleFactory(
        title="The solar system", course=CourseFactory(owner=InstructorFactory())
    )
    add_content(module, title="Reading")
    log_in(page, module.course.owner.username, module.get_absolute_url())
    page.get_by_role("link", name="Quiz", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a quiz")
    page.fill("[name=title]", "Planets quiz")
    page.fill("[name=max_attempts]", "3")
    page.fill("[name=questions]", QUIZ)
    page.get_by_role("button", name="Preview").click()
    expect(
        page.get_by_role("heading", name="Preview: what students see")
    ).to_be_visible()
    page.get_by_role("button", name="Save quiz").click()
    expect(page.get_by_text("“Planets quiz” saved.")).to_be_visible()
    page.context.clear_cookies()  # the instructor leaves; a student comes

    fail_retake_and_pass(page, module)


def fail_retake_and_pass(page, module) -> None:
    student = UserFactory(username="ada")
    module.course.students.add(student)
    url = f"/students/course/{module.course_id}/{module.pk}/"
    log_in(page, "ada", url)
    quiz = content_card(page, "Planets quiz")
    progress = page.get_by_role(
        "progressbar", name=f"Progress in {module.course.title}"
    )
    expect(progress).to_have_attribute("value", "0")
    expect(quiz.get_by_text("3 attempts left")).to_be_visible()
    # Single answers are radio buttons, multiple ones checkboxes.
    expect(quiz.get_by_role("radio")).to_have_count(6)
    expect(quiz.get_by_role("checkbox")).to_have_count(3)

    # One right of three: 33%, under the pass mark of 60.
    choose(quiz, "Which planet is the largest?", "Mars")
    choose(quiz, "Which of these are gases at room temperature?", "Oxygen", "Helium")
    choose(quiz, "What colour is the sky on a clear day?", "Green")
    quiz.get_by_role("button", name="Submit answers").click()

    expect(page).to_have_url(re.compile(r"/students/quiz/attempt/\d+/$"))
    expect(page.locator(".quiz-score")).to_contain_text("You scored 33%")
    expect(page.locator(".quiz-score")).to_contain_text("not passed")
    verdicts = page.locator(".quiz-verdicts li")
    expect(verdicts).to_have_count(3)
    expect(verdicts.nth(0)).to_contain_text("✗ Wrong")
    expect(verdicts.nth(1)).to_contain_text("✓ Right")
    expect(verdicts.nth(2)).to_contain_text("✗ Wrong")
    expect(page.get_by_text("2 attempts left.")).to_be_visible()

    # Again, from the answer page: the quiz is still to do.
    page.get_by_role("link", name="Try again").click()
    expect(page).to_have_url(ends_with(f"{url}#content-{quiz_content_id(module)}"))
    expect(progress).to_have_attribute("value", "0")
    expect(quiz.get_by_text("Best score so far: 33%")).to_be_visible()
    expect(quiz.get_by_text("2 attempts left")).to_be_visible()
    choose(quiz, "Which planet is the largest?", "Jupiter")
    choose(quiz, "Which of these are gases at room temperature?", "Oxygen", "Helium")
    choose(quiz, "What colour is the sky on a clear day?", "Blue")
    quiz.get_by_role("button", name="Submit answers").click()

    expect(page.locator(".quiz-score")).to_contain_text("You scored 100%: passed.")
    expect(page.get_by_text("1 attempt left.")).to_be_visible()

    # Back on the module: the quiz is done, and the progress bar counts it.
    page.get_by_role("link", name="Back to the module").first.click()
    expect(quiz.locator(".done-mark")).to_have_text("✓ Done")
    expect(quiz.get_by_text("Passed")).to_be_visible()
    expect(progress).to_have_attribute("value", "1")
    expect(page.locator("nav.sidebar")).to_contain_text("1 of 2 done")


def quiz_content_id(module) -> int:
    return module.contents.get(content_type__model="quiz").pk


def test_a_quiz_fits_a_phone_screen(page, module):
    student = UserFactory(username="grace")
    module.course.students.add(student)
    url = f"/students/course/{module.course_id}/{module.pk}/"
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "grace", url)
    expect(content_card(page, "Planets quiz")).to_be_visible()

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )

    assert overflow == 0  # no sideways scrolling
