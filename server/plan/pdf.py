"""The plan as a PDF to put on the fridge: one A4 where it fits, with accents and emoji
(DejaVu for text, Symbola as the fallback that has the emoji)."""

from __future__ import annotations

from pathlib import Path

from flask_babel import gettext as _
from fpdf import FPDF

from server.formatting import format_date
from server.plan.professionals import role_label

FONTS = Path(__file__).parent / "fonts"
PHASE_COLOURS = {
    "green": (46, 125, 50),
    "yellow": (184, 134, 11),
    "orange": (230, 81, 0),
    "red": (183, 28, 28),
    None: (80, 80, 80),
}


def add_fonts(pdf: FPDF) -> None:
    pdf.add_font("DejaVu", "", FONTS / "DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.add_font("Symbola", "", FONTS / "Symbola.ttf")
    pdf.set_fallback_fonts(["Symbola"], exact_match=False)


class _PlanPDF(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        add_fonts(self)
        self.set_margins(14, 12, 14)
        self.set_auto_page_break(True, margin=12)


def plan_pdf(plan, name: str, sections, crisis) -> bytes:
    pdf = _PlanPDF()
    pdf.set_title(_("My plan"))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(0, 8, _("My plan — %(name)s", name=name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 8)
    pdf.cell(
        0,
        5,
        _("Updated %(date)s", date=format_date(plan.updated_at)),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    _crisis(pdf, crisis)
    for section in sections:
        if section.empty:
            continue
        _heading(pdf, str(section.title))
        for number in section.practice:
            _line(pdf, f"{number.name} ({_('from your practice')}), {number.phone}", bold=True)
        for contact in section.professionals:
            _line(pdf, f"{contact.name} ({role_label(contact.role)}), {contact.phone}", bold=True)
        if section.contacts:
            for contact in section.contacts:
                line = ", ".join(
                    p for p in (contact.name, contact.relation, contact.phone, contact.email) if p
                )
                _line(pdf, line, bold=True)
                if contact.can_do:
                    _line(pdf, contact.can_do, indent=4)
        elif section.phases:
            for group in section.phases:
                if group.items:
                    pdf.set_text_color(*PHASE_COLOURS[group.phase])
                    _line(pdf, str(group.label) or _("No phase"), bold=True)
                    pdf.set_text_color(0, 0, 0)
                    for item in group.items:
                        _line(pdf, "• " + item.text, indent=4)
        else:
            for item in section.items:
                _line(pdf, "• " + item.text)
    return bytes(pdf.output())


def _crisis(pdf: FPDF, crisis) -> None:
    pdf.ln(2)
    pdf.set_fill_color(251, 236, 234)
    pdf.set_font("DejaVu", "B", 10)
    text = "   ".join(f"{line.number}: {line.label}" for line in crisis)
    pdf.multi_cell(0, 5, _("In a crisis") + " — " + text, fill=True, new_x="LMARGIN", new_y="NEXT")


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")


def _line(pdf: FPDF, text: str, bold: bool = False, indent: int = 0) -> None:
    pdf.set_font("DejaVu", "B" if bold else "", 9)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(0, 4.6, text, align="L", new_x="LMARGIN", new_y="NEXT")
