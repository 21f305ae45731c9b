"""What one supporter's link shows: the chosen sections, and of the phased sections only
the lines of the chosen phases. A line without a phase belongs to no phase in
particular (the member has not placed it, or does not use phases for it) and is always
shown: a limit hides what the member placed in other phases, never a general line."""

from __future__ import annotations

from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from server.plan import layout
from server.plan.models import PHASES
from server.plan.sections import BY_KEY


class PhaseLimited:
    """A plan (or a stored version of it) with the lines of other phases left out,
    shaped like a plan for `layout.arrange`."""

    def __init__(self, plan, phases: list[str] | None):
        self.phases_enabled = plan.phases_enabled
        self.optional_sections = plan.optional_sections
        self.contacts = plan.contacts
        self.updated_at = plan.updated_at
        self.items = [item for item in plan.items if shows(item, phases)]


def shows(item, phases: list[str] | None) -> bool:
    if phases is None or item.phase is None:
        return True
    section = BY_KEY.get(item.section)
    return section is None or not section.phased or item.phase in phases


def arranged(plan, share, practice=None) -> list[layout.SectionView]:
    """The sections this link shows, as the supporter reads them (with the practice's
    numbers under professional help, as on the member's own plan)."""
    return layout.arrange(PhaseLimited(plan, share.phases), share.sections, practice)


def chosen_phases(phases: list[str]) -> list[str] | None:
    """Stored as None when every phase is chosen: a phase added later shows too."""
    chosen = [phase for phase in PHASES if phase in phases]
    return None if len(chosen) == len(PHASES) else chosen


#: The phases in a sentence ("only orange and red").
PHASE_NAMES = {
    "green": _l("green"),
    "yellow": _l("yellow"),
    "orange": _l("orange"),
    "red": _l("red"),
}


def phase_names(phases: list[str]) -> str:
    names = [str(PHASE_NAMES[phase]) for phase in PHASES if phase in phases]
    return format_list(names, locale=get_locale())
