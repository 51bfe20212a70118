"""A course's certificate of completion: a one-page PDF (issue 19).

fpdf2 writes it: pure Python, maintained, and small beside reportlab (C parts,
a toolkit far beyond one page of text). The PDF's standard fonts cover Latin-1
only, so the text is set in Noto Sans, embedded (subset to the characters
used): Latin, Greek, Cyrillic and Vietnamese, shipped on PyPI by
fontpkg-noto-sans (SIL Open Font License). It has no CJK, Arabic or Hebrew
letters: those are left out of the drawing (fpdf2 logs a warning).
"""

from dataclasses import dataclass
from datetime import datetime

import fontpkg
from django.utils import dateformat, timezone
from fpdf import FPDF

FONT = "NotoSans"
INK = (33, 37, 41)
ACCENT = (47, 111, 222)  # the site's --accent
MUTED = (95, 99, 104)
MARGIN = 20  # mm
# Shrink a long name or title down to this size, then wrap it (at most a few
# lines at the fields' maximum lengths): never past the page.
SMALLEST = 12  # pt


@dataclass(frozen=True)
class Certificate:
    """What a certificate says: names as they are shown, the completion's date."""

    student: str
    course: str
    instructor: str
    completed: datetime


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as a one-page A4 (landscape) PDF."""
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(f"Certificate of completion: {certificate.course}")
    pdf.set_author("Educa")
    pdf.set_creator("Educa")
    # The default instance of this variable font is the regular weight; an
    # instance of another weight takes seconds to make, so sizes do the work.
    pdf.add_font(FONT, "", fontpkg.path("Noto Sans"))
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
