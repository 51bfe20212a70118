"""A quiz's questions as text (CONTRACT, "Quizzes"), read and written.

One block per question, blank lines between blocks; the block's first line is
the question, each following line a choice: `* ` for a correct one, `- ` for a
wrong one:

    What is 2 + 2?
    - 3
    * 4

Tolerated: CRLF or CR line ends, spaces around any line, a tab instead of the
space after the mark, several blank lines. Two choices of one question are the
same choice when they differ only in case or in the spacing between words
("Paris" and "  paris "), as a student could not tell them apart either.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from courses.models import (
    CHOICE_TEXT_MAX_LENGTH,
    QUESTION_MAX_CHOICES,
    QUESTION_TEXT_MAX_LENGTH,
    QUIZ_MAX_QUESTIONS,
    Quiz,
)

CORRECT, WRONG = "*", "-"
# C0 control characters other than the line ends and tab: PostgreSQL refuses NUL
# in text, and none of them shows on a page.
CONTROL_CHARACTERS = frozenset(chr(n) for n in range(32)) - {"\t", "\n", "\r"}


@dataclass(frozen=True)
class ParsedChoice:
    text: str
    correct: bool


@dataclass(frozen=True)
class ParsedQuestion:
    text: str
    choices: tuple[ParsedChoice, ...]

    @property
    def multiple(self) -> bool:
        """More than one correct choice: right only for exactly that set."""
        return sum(choice.correct for choice in self.choices) > 1


def _mark(line: str) -> str | None:
    """The choice mark a stripped line starts with (`*` or `-`), else None."""
    if line[:1] in (CORRECT, WRONG) and (len(line) == 1 or line[1] in " \t"):
        return line[0]
    return None


def _same(text: str) -> str:
    return " ".join(text.split()).casefold()


def _blocks(text: str) -> list[list[str]]:
    """The text's non-blank lines, stripped, in blocks separated by blank lines."""
    blocks: list[list[str]] = []
    block: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.strip()
        if line:
            block.append(line)
        elif block:
            blocks.append(block)
            block = []
    if block:
        blocks.append(block)
    return blocks


def _question_error(lines: list[str]) -> str | None:
    """What is wrong with one block (a question and its choices), else None."""
    question = lines[0]
    if _mark(question):
        return (
            f"starts with a choice (“{question[:40]}”); its first line must be "
            "the question"
        )
    if len(question) > QUESTION_TEXT_MAX_LENGTH:
        return (
            f"is {len(question):,} characters long; "
            f"at most {QUESTION_TEXT_MAX_LENGTH:,} are allowed"
        )
    choices = lines[1:]
    if not choices:
        return "has no choices; add lines starting with “* ” or “- ”"
    if len(choices) > QUESTION_MAX_CHOICES:
        return (
            f"has {len(choices):,} choices; at most {QUESTION_MAX_CHOICES} are allowed"
        )
    seen: set[str] = set()
    for line in choices:
        if not _mark(line):
            return (
                f"has a line “{line[:40]}” that is neither a correct choice "
                "(“* ”) nor a wrong one (“- ”)"
            )
        choice = line[1:].strip()
        if not choice:
            return "has a choice without text"
        if len(choice) > CHOICE_TEXT_MAX_LENGTH:
            return (
                f"has a choice of {len(choice):,} characters; "
                f"at most {CHOICE_TEXT_MAX_LENGTH} are allowed"
            )
        if _same(choice) in seen:
            return f"has the choice “{choice[:40]}” twice"
        seen.add(_same(choice))
    if not any(_mark(line) == CORRECT for line in choices):
        return "has no correct choice; mark at least one with “* ”"
    return None


def quiz_text_parse(text: str) -> list[ParsedQuestion]:
    """The questions written in `text`, in order.

    Raises ValidationError listing, for each wrong question, its number and what
    is wrong (the first fault of each), or one message for an empty text or one
    of over QUIZ_MAX_QUESTIONS questions.
    """
    blocks = _blocks(text)
    if not blocks:
        raise ValidationError("Write at least one question.", code="empty")
    if len(blocks) > QUIZ_MAX_QUESTIONS:
        raise ValidationError(
            f"There are {len(blocks):,} questions; a quiz holds at most "
            f"{QUIZ_MAX_QUESTIONS}.",
            code="too_many",
        )
    errors = []
    for number, lines in enumerate(blocks, start=1):
        if any(char in CONTROL_CHARACTERS for line in lines for char in line):
            error: str | None = "contains a control character (such as NUL)"
        else:
            error = _question_error(lines)
        if error:
            errors.append(
                ValidationError(f"Question {number} {error}.", code="invalid")
            )
    if errors:
        raise ValidationError(errors)
    return [
        ParsedQuestion(
            text=lines[0],
            choices=tuple(
                ParsedChoice(text=line[1:].strip(), correct=_mark(line) == CORRECT)
                for line in lines[1:]
            ),
        )
        for lines in blocks
    ]


def quiz_text_format(questions: Iterable[ParsedQuestion]) -> str:
    """The text that quiz_text_parse() reads back as `questions`."""
    return "\n\n".join(
        "\n".join(
            [
                question.text,
                *(
                    f"{CORRECT if choice.correct else WRONG} {choice.text}"
                    for choice in question.choices
                ),
            ]
        )
        for question in questions
    )


def quiz_questions_of(quiz: Quiz) -> list[ParsedQuestion]:
    """The quiz's stored questions and choices, in order (two queries)."""
    return [
        ParsedQuestion(
            text=question.text,
            choices=tuple(
                ParsedChoice(text=choice.text, correct=choice.correct)
                for choice in question.choices.all()
            ),
        )
        for question in quiz.questions.prefetch_related("choices")
    ]


def quiz_text_of(quiz: Quiz) -> str:
    """The quiz's questions as text, for editing them (two queries)."""
    return quiz_text_format(quiz_questions_of(quiz))
