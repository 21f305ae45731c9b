"""The crisis card as a PDF the size of a bank card (85.6 x 54 mm, ISO/IEC 7810 ID-1),
printed two-sided: her signs and what helps on the front, who to call on the back.
Text that does not fit is set smaller, down to a size still readable; what still does
not fit is left off with a note to look in the plan, never printed past the edge."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.enums import MethodReturnValue

from server.plan.pdf import add_fonts

WIDTH, HEIGHT = 85.6, 54.0  # mm
MARGIN = 3.0
SIZES = (7.0, 6.5, 6.0, 5.5, 5.0)  # pt; 5 pt is the smallest still readable on a card
LINE = 0.42  # line height in mm per pt of font size
RED = (183, 28, 28)


@dataclass
class Row:
    text: str
    bold: bool = False
    indent: float = 0.0


def card_pdf(name: str, card, crisis) -> bytes:
    pdf = FPDF(orientation="P", unit="mm", format=(WIDTH, HEIGHT))
    add_fonts(pdf)
    pdf.set_title(_("My card"))  # shown by PDF viewers: as discreet as a page title
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(False)
    front = [Row(_("My crisis card — %(name)s", name=name), bold=True)]
    for block in card.blocks:
        front.append(Row(block.title, bold=True))
        front += [Row("• " + line, indent=1.5) for line in block.lines]
    back = [Row(_("In a crisis: call right away"), bold=True)]
    back += [Row(f"{line.number}  {line.label}") for line in crisis]
    if card.calls:
        back.append(Row(_("Who to call"), bold=True))
        back += [
            Row(", ".join(part for part in (call.name, call.what, call.phone) if part), indent=1.5)
            for call in card.calls
        ]
    for rows in (front, back):
        pdf.add_page()
        _page(pdf, rows)
    return bytes(pdf.output())


def _page(pdf: FPDF, rows: list[Row]) -> None:
    # A thin rounded edge to cut along when it is printed on a sheet.
    pdf.set_draw_color(170, 170, 170)
    pdf.set_line_width(0.2)
    pdf.rect(0.3, 0.3, WIDTH - 0.6, HEIGHT - 0.6, round_corners=True, corner_radius=3)
    size, rows = _fit(pdf, rows)
    pdf.set_xy(MARGIN, MARGIN)
    for number, row in enumerate(rows):
        pdf.set_text_color(*(RED if number == 0 else (0, 0, 0)))
        _font(pdf, row, size)
        pdf.set_x(MARGIN + row.indent)
        pdf.multi_cell(
            WIDTH - 2 * MARGIN - row.indent, size * LINE, row.text, new_x="LMARGIN", new_y="NEXT"
        )


def _fit(pdf: FPDF, rows: list[Row]) -> tuple[float, list[Row]]:
    """The largest size at which all rows fit; else the smallest, with as many rows as
    fit and a note that the rest is in the plan."""
    room = HEIGHT - 2 * MARGIN
    for size in SIZES:
        if _height(pdf, rows, size) <= room:
            return size, rows
    size, note = SIZES[-1], Row("… " + _("See your plan for the rest."), bold=True)
    kept = list(rows)
    while kept and _height(pdf, [*kept, note], size) > room:
        kept.pop()
    while kept and kept[-1].bold and len(kept) > 1:  # no heading without its lines
        kept.pop()
    return size, [*kept, note]


def _height(pdf: FPDF, rows: list[Row], size: float) -> float:
    lines = 0
    for row in rows:
        _font(pdf, row, size)
        lines += len(
            pdf.multi_cell(
                WIDTH - 2 * MARGIN - row.indent,
                size * LINE,
                row.text,
                dry_run=True,
                output=MethodReturnValue.LINES,
            )
        )
    return lines * size * LINE


def _font(pdf: FPDF, row: Row, size: float) -> None:
    pdf.set_font("DejaVu", "B" if row.bold else "", size)
