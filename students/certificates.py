"""A course's certificate of completion: a one-page PDF (issue 19).

fpdf2 writes it: pure Python, maintained, and small beside reportlab (C parts,
a toolkit far beyond one page of text). The PDF's standard fonts cover Latin-1
only, so the text is set in Noto Sans, embedded (subset to the characters
used): Latin, Greek, Cyrillic and Vietnamese, shipped on PyPI by
fontpkg-noto-sans (SIL Open Font License). Chinese and Japanese come from
Droid Sans Fallback (students/fonts/, Apache 2.0; no CJK font is on PyPI),
loaded only for a certificate that needs it: it costs some 250 ms to parse and
subset, where the rest takes about 65 ms.

What no font draws (Korean, Indic scripts) or draws wrong (Arabic and Hebrew:
right to left, and joined, which fpdf2 does only with uharfbuzz) is checked
before drawing: a person is named by their username when their name cannot be
drawn and the username can; anything else is drawn as far as the fonts go.
"""

import hashlib
import logging
import unicodedata
from dataclasses import astuple, dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

import fontpkg
from django.utils import dateformat, timezone
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from fpdf import FPDF

from educa.cache import cached, entry_key

logger = logging.getLogger(__name__)

FONT = "NotoSans"
FONT_PATH = fontpkg.path("Noto Sans")
FALLBACK_FONT = "DroidSansFallback"
FALLBACK_PATH = Path(__file__).parent / "fonts" / "DroidSansFallbackFull.ttf"
# Part of every cached certificate's key: raise it when the drawing changes
# (fonts included, which the release's digest of the code does not cover).
LAYOUT_VERSION = 2
CACHE_SECONDS = 7 * 24 * 3600
INK = (33, 37, 41)
ACCENT = (47, 111, 222)  # the site's --accent
MUTED = (95, 99, 104)
MARGIN = 20  # mm
# Shrink a long name or title down to this size, then wrap it (at most a few
# lines at the fields' maximum lengths): never past the page.
SMALLEST = 12  # pt
# Bidirectional classes of right-to-left letters.
RIGHT_TO_LEFT = {"R", "AL"}


@dataclass(frozen=True)
class Certificate:
    """What a certificate says: names as they are printed, the completion's date."""

    student: str
    course: str
    instructor: str
    completed: datetime


@cache
def _characters(path: str) -> frozenset[int]:
    """The code points the font at `path` has a glyph for (its cmap)."""
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def undrawable(text: str) -> set[str]:
    """The characters of `text` the certificate's fonts cannot draw right."""
    fonts = _characters(str(FONT_PATH)) | _characters(str(FALLBACK_PATH))
    return {
        char
        for char in text
        if not char.isspace()
        and (ord(char) not in fonts or unicodedata.bidirectional(char) in RIGHT_TO_LEFT)
    }


def printed_name(user) -> str:
    """The user's display name, else their username when only that can be
    drawn; else the display name, drawn as far as the fonts go."""
    name = user.display_name
    missing = undrawable(name)
    if not missing:
        return name
    if not undrawable(user.username):
        return user.username
    logger.warning("A certificate leaves out %r of %r.", "".join(missing), name)
    return name


def certificate_of(completion, *, student) -> Certificate:
    """The certificate of `student`'s CourseCompletion (its course and the
    course's owner loaded)."""
    course = completion.course
    missing = undrawable(course.title)
    if missing:
        logger.warning(
            "A certificate leaves out %r of %r.", "".join(missing), course.title
        )
    return Certificate(
        student=printed_name(student),
        course=course.title,
        instructor=printed_name(course.owner),
        completed=completion.completed,
    )


def certificate_key(certificate: Certificate) -> str:
    """A digest of everything the certificate prints, and of its layout."""
    parts = [LAYOUT_VERSION, *astuple(certificate)]
    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()[:32]


def cached_certificate_pdf(certificate: Certificate, key: str) -> bytes:
    """certificate_pdf(), built once for whatever prints the same (`key`:
    certificate_key()); a change of name, title or date is another key."""
    return cached(
        entry_key("certificate", key),
        lambda: certificate_pdf(certificate),
        CACHE_SECONDS,
    )


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as a one-page A4 (landscape) PDF."""
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(f"Certificate of completion: {certificate.course}")
    pdf.set_author("Educa")
    pdf.set_creator("Educa")
    # The default instance of this variable font is the regular weight; an
    # instance of another weight takes seconds to make, so sizes do the work.
    pdf.add_font(FONT, "", FONT_PATH)
    printed = "".join(astuple(certificate)[:3])
    if any(ord(char) not in _characters(str(FONT_PATH)) for char in printed):
        pdf.add_font(FALLBACK_FONT, "", FALLBACK_PATH)
        pdf.set_fallback_fonts([FALLBACK_FONT])
    pdf.set_auto_page_break(auto=False)  # one page, whatever the text
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_page()
    _frame(pdf)
    completed = timezone.localtime(certificate.completed)
    blocks = [  # (space above in mm, text, size in pt, colour)
        (0, "CERTIFICATE OF COMPLETION", 20, ACCENT),
        (12, "This certifies that", 14, MUTED),
        (4, certificate.student, _fitted(pdf, certificate.student, 34, 2), INK),
        (4, "has completed the course", 14, MUTED),
        (4, certificate.course, _fitted(pdf, certificate.course, 26, 3), INK),
        (4, f"taught by {certificate.instructor}", 14, MUTED),
        (14, f"Completed on {dateformat.format(completed, 'j F Y')}", 14, INK),
    ]
    # Centred on the page, as high as the lines wrap.
    height = sum(space + _height(pdf, text, size) for space, text, size, _ in blocks)
    pdf.set_y(max(MARGIN, (pdf.h - height) / 2))
    for space, text, size, color in blocks:
        pdf.ln(space)
        pdf.set_text_color(*color)
        pdf.set_font(FONT, size=size)
        pdf.multi_cell(
            0, _leading(size), text, align="C", new_x="LMARGIN", new_y="NEXT"
        )
    return bytes(pdf.output())


def _frame(pdf: FPDF) -> None:
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, pdf.w - 26, pdf.h - 26)


def _leading(size: float) -> float:
    """The height of a line of text at `size` (pt), in mm."""
    return size * 0.5


def _height(pdf: FPDF, text: str, size: float) -> float:
    pdf.set_font(FONT, size=size)
    lines = pdf.multi_cell(0, text=text, dry_run=True, output="LINES")
    assert isinstance(lines, list)  # what output="LINES" returns
    return len(lines) * _leading(size)


def _fitted(pdf: FPDF, text: str, size: float, max_lines: int) -> float:
    """`size`, or a smaller one (down to SMALLEST) at which `text` takes at
    most `max_lines` lines: it wraps beyond that."""
    while size > SMALLEST:
        if _height(pdf, text, size) <= max_lines * _leading(size):
            break
        size -= 2
    return size
