"""The plan arranged for reading: sections in order, grouped by phase when the member
uses phases. Used by the member's page, the print view, the PDF and the supporter page."""

from __future__ import annotations

from dataclasses import dataclass, field

from server.plan.models import PHASES as PHASE_KEYS
from server.plan.models import PROFESSIONAL, SUPPORT
from server.plan.professionals import practice_numbers
from server.plan.sections import (
    ORDER,
    SUPPORTERS,
    Section,
    per_language,
    phase_words,
    section_words,
)


@dataclass
class PhaseGroup:
    phase: str | None
    label: str
    items: list


@dataclass
class SectionView:
    key: str
    title: str
    hint: str
    examples: tuple
    items: list = field(default_factory=list)
    phases: list[PhaseGroup] = field(default_factory=list)  # only when grouped by phase
    contacts: list = field(default_factory=list)  # only for the support people
    # Only for professional help: her contacts with a role, and her practice's numbers.
    professionals: list = field(default_factory=list)
    practice: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.items or self.contacts or self.professionals or self.practice)


def arrange(plan, only: list[str] | None = None, practice=None) -> list[SectionView]:
    """The visible sections of a plan (or a snapshot), optionally only some of them.
    `practice`: the member's practice, whose numbers show under professional help.
    The words are looked up and the lines sorted once for the whole plan, not once per
    section (the language lookup alone was 5% of /plan/, cProfile)."""
    words, phases = section_words(), phase_words()
    by_section: dict[str, list] = {}
    for item in _alive(plan.items):
        by_section.setdefault(item.section, []).append(item)
    views = []
    for key in ORDER:
        if only is not None and key not in only:
            continue
        if key == SUPPORTERS:
            views.append(_supporters(plan))
            continue
        section = words[key]
        if section.optional and key not in (plan.optional_sections or []):
            continue
        view = _section(plan, section, by_section.get(key, []), phases)
        if key == "professional":
            view.professionals = _alive(c for c in plan.contacts if c.kind == PROFESSIONAL)
            view.practice = practice_numbers(practice, view.professionals, view.items)
        views.append(view)
    return views


def _alive(rows):
    return sorted((r for r in rows if r.deleted_at is None), key=lambda r: r.position)


def _section(plan, section: Section, rows: list, phases: dict[str, str]) -> SectionView:
    view = SectionView(section.key, section.title, section.hint, section.examples, rows)
    if section.phased and plan.phases_enabled:
        for phase in (*PHASE_KEYS, None):
            grouped = [i for i in rows if i.phase == phase]
            if phase is not None or grouped:
                view.phases.append(PhaseGroup(phase, phases.get(phase, ""), grouped))
    return view


def _supporters(plan) -> SectionView:
    title, hint, examples = _supporters_words()
    return SectionView(
        SUPPORTERS,
        title,
        hint,
        examples,
        contacts=_alive(c for c in plan.contacts if c.kind == SUPPORT),
    )


@per_language
def _supporters_words() -> tuple[str, str, tuple[str, ...]]:
    from flask_babel import lazy_gettext as _l

    return (
        str(_l("My support people")),
        str(_l("The people who know your signs and can help: partner, family, friends.")),
        (str(_l("Sam (partner): notices when I withdraw.")),),
    )
