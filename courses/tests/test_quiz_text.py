"""The quiz text format (CONTRACT, "Quizzes"): parsing, its errors, formatting."""

import pytest
from django.core.exceptions import ValidationError

from courses.models import (
    CHOICE_TEXT_MAX_LENGTH,
    QUESTION_MAX_CHOICES,
    QUESTION_TEXT_MAX_LENGTH,
)
from courses.quiz_text import (
    ParsedChoice,
    ParsedQuestion,
    quiz_questions_of,
    quiz_text_format,
    quiz_text_of,
    quiz_text_parse,
)
from courses.tests.factories import QUIZ_TEXT, QuizFactory, quiz_text


def shape(questions) -> list:
    """Questions as plain tuples: (text, multiple, [(choice text, correct)])."""
    return [
        (q.text, q.multiple, [(c.text, c.correct) for c in q.choices])
        for q in questions
    ]


def messages(text: str) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        quiz_text_parse(text)
    return caught.value.messages


def test_the_contracts_example_parses_into_a_single_and_a_multiple_answer_question():
    questions = quiz_text_parse(QUIZ_TEXT)

    assert shape(questions) == [
        ("What is 2 + 2?", False, [("3", False), ("4", True), ("5", False)]),
        ("Which of these are prime?", True, [("2", True), ("3", True), ("4", False)]),
    ]


def test_crlf_line_ends_trailing_spaces_and_extra_blank_lines_are_tolerated():
    text = (
        "\r\n\r\n  What is 2 + 2?  \r\n-   3 \t\r\n*\t4\r\n\r\n\r\n \r\nWhy?\r* yes\r"
    )

    assert shape(quiz_text_parse(text)) == [
        ("What is 2 + 2?", False, [("3", False), ("4", True)]),
        ("Why?", False, [("yes", True)]),
    ]


def test_unicode_text_is_kept_as_written():
    text = "Quelle est la capitale de l’Égypte ? 🐪\n* القاهرة\n- Αθήνα\n- 東京"

    (question,) = quiz_text_parse(text)

    assert question.text == "Quelle est la capitale de l’Égypte ? 🐪"
    assert [c.text for c in question.choices] == ["القاهرة", "Αθήνα", "東京"]


def test_html_in_a_question_or_choice_is_kept_as_plain_text():
    text = "<script>alert(1)</script>?\n* <b>bold</b>\n- &amp;"

    (question,) = quiz_text_parse(text)

    assert question.text == "<script>alert(1)</script>?"
    assert [c.text for c in question.choices] == ["<b>bold</b>", "&amp;"]


def test_a_choice_may_itself_start_with_a_mark():
    (question,) = quiz_text_parse("Which is a bullet?\n* * star\n- - dash")

    assert shape([question]) == [
        ("Which is a bullet?", False, [("* star", True), ("- dash", False)])
    ]


def test_an_empty_or_blank_text_is_an_error():
    assert messages("") == ["Write at least one question."]
    assert messages(" \r\n\t\n  ") == ["Write at least one question."]


def test_a_question_without_choices_is_an_error_naming_its_number():
    text = "What is 2 + 2?\n* 4\n\nAnd what is 3 + 3?"

    assert messages(text) == [
        "Question 2 has no choices; add lines starting with “* ” or “- ”."
    ]


def test_a_question_without_a_correct_choice_is_an_error_naming_its_number():
    assert messages("What is 2 + 2?\n- 3\n- 5") == [
        "Question 1 has no correct choice; mark at least one with “* ”."
    ]


def test_a_choice_repeated_in_another_case_or_spacing_is_an_error():
    text = "Capital of France?\n* Paris\n- New  York\n\nAgain?\n* Paris\n-  paris "

    assert messages(text) == ["Question 2 has the choice “paris” twice."]
    assert messages("Where?\n* New York\n- new   york") == [
        "Question 1 has the choice “new   york” twice."
    ]


def test_the_same_choice_in_two_questions_is_fine():
    questions = quiz_text_parse("A?\n* yes\n- no\n\nB?\n- yes\n* no")

    assert len(questions) == 2


def test_a_line_that_is_not_a_choice_after_the_question_is_an_error():
    text = "What is 2 + 2?\n* 4\n\nWhat is 1 + 1?\n- 1\n2\n*3"

    assert messages(text) == [
        "Question 2 has a line “2” that is neither a correct choice (“* ”) "
        "nor a wrong one (“- ”)."
    ]


def test_a_block_starting_with_a_choice_is_an_error():
    # The question line forgotten: its first choice would silently become it.
    assert messages("* 4\n- 5") == [
        "Question 1 starts with a choice (“* 4”); its first line must be the question."
    ]


def test_a_choice_without_text_is_an_error():
    assert messages("Which?\n* yes\n- ") == ["Question 1 has a choice without text."]


def test_every_wrong_question_is_named_once_in_order():
    text = "Fine?\n* yes\n\nNo choices?\n\nNo correct one?\n- a\n- b\n- a"

    assert messages(text) == [
        "Question 2 has no choices; add lines starting with “* ” or “- ”.",
        "Question 3 has the choice “a” twice.",
    ]


def test_a_hundred_questions_are_fine_and_a_hundred_and_one_are_an_error():
    assert len(quiz_text_parse(quiz_text(100))) == 100

    assert messages(quiz_text(101)) == [
        "There are 101 questions; a quiz holds at most 100."
    ]


def test_a_hundred_thousand_lines_are_refused_quickly():
    lines = "\n".join(["Question?", *("- wrong" for _ in range(100_000))])
    blocks = "\n\n".join(f"Q{n}?\n* a" for n in range(50_000))

    assert messages(lines) == [
        f"Question 1 has 100,000 choices; at most {QUESTION_MAX_CHOICES} are allowed."
    ]
    assert messages(blocks) == ["There are 50,000 questions; a quiz holds at most 100."]


def test_over_long_question_and_choice_texts_are_errors():
    question = "Q" * (QUESTION_TEXT_MAX_LENGTH + 1)
    choice = "c" * (CHOICE_TEXT_MAX_LENGTH + 1)

    assert messages(f"{question}\n* yes") == [
        f"Question 1 is {QUESTION_TEXT_MAX_LENGTH + 1:,} characters "
        f"long; at most {QUESTION_TEXT_MAX_LENGTH:,} are allowed."
    ]
    assert messages(f"Fine?\n* yes\n\nLong?\n* {choice}") == [
        f"Question 2 has a choice of {CHOICE_TEXT_MAX_LENGTH + 1:,} characters; "
        f"at most {CHOICE_TEXT_MAX_LENGTH} are allowed."
    ]


def test_texts_at_the_length_limits_are_fine():
    question = "Q" * QUESTION_TEXT_MAX_LENGTH
    choice = "c" * CHOICE_TEXT_MAX_LENGTH
    choices = [f"- {n}" for n in range(QUESTION_MAX_CHOICES - 1)]

    (parsed,) = quiz_text_parse("\n".join([question, f"* {choice}", *choices]))

    assert parsed.text == question
    assert parsed.choices[0].text == choice


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b"])
def test_nul_and_other_control_characters_are_an_error_naming_the_question(
    character,
):
    text = f"Fine?\n* yes\n\nBad?\n* y{character}es"

    assert messages(text) == ["Question 2 contains a control character (such as NUL)."]


# Texts covering the format's corners, for the round trips.
ROUND_TRIP_TEXTS = [
    QUIZ_TEXT,
    quiz_text(100, choices=QUESTION_MAX_CHOICES),
    "Only one?\n* yes",
    "Many?\n* a\n* b\n* c\n- d",
    "Spaces  inside   kept?\n*   yes  and   no  \n- no",
    "\r\n\r\nCRLF?\r\n* yes\r\n- no\r\n\r\n\r\nMore?\r\n- a\r\n* b\r\n",
    "Marks in choices?\n* * star\n- - dash\n- *",
    "Unicode? ü 🐍 ‮\n* ✓\n- ✗\n\nHTML?\n* <i>&lt;</i>\n- </textarea>",
    "Tabs?\n*\tyes\n-\tno",
]


@pytest.mark.parametrize("text", ROUND_TRIP_TEXTS)
def test_formatting_parsed_questions_gives_a_text_that_parses_to_the_same(text):
    questions = quiz_text_parse(text)

    formatted = quiz_text_format(questions)

    assert quiz_text_parse(formatted) == questions
    assert quiz_text_format(quiz_text_parse(formatted)) == formatted  # a fixed point


def test_formatting_writes_the_contracts_format():
    questions = [
        ParsedQuestion(
            "What is 2 + 2?",
            (ParsedChoice("3", False), ParsedChoice("4", True)),
        ),
        ParsedQuestion("Prime?", (ParsedChoice("2", True), ParsedChoice("3", True))),
    ]

    assert quiz_text_format(questions) == "What is 2 + 2?\n- 3\n* 4\n\nPrime?\n* 2\n* 3"


@pytest.mark.django_db
@pytest.mark.parametrize("text", ROUND_TRIP_TEXTS)
def test_a_stored_quizs_text_parses_back_to_its_stored_questions(text):
    quiz = QuizFactory(questions=text)
    stored = quiz_questions_of(quiz)

    assert shape(quiz_text_parse(quiz_text_of(quiz))) == shape(stored)
    assert shape(stored) == shape(quiz_text_parse(text))
    assert [q.multiple for q in quiz.questions.all()] == [q.multiple for q in stored]


@pytest.mark.django_db
def test_a_stored_quizs_text_is_read_in_two_queries(django_assert_num_queries):
    quiz = QuizFactory(questions=quiz_text(20))

    with django_assert_num_queries(2):  # the questions, then all their choices
        quiz_text_of(quiz)
