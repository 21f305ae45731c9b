"""The crisis card (crisiskaart): what matters in a crisis, chosen by the member from her
plan, for one phone screen and a credit-card-size PDF. The crisis numbers are always on."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from server.plan.professionals import role_label

CALL = "call"  # who to call: support people with a phone, professionals, the practice
# What she can put on her card, in the card's order: sections of the plan, and CALL.
PARTS = {
    "warning_signs": _l("What I notice"),
    "others_notice": _l("What others notice in me"),
    "own_actions": _l("What I do myself"),
    "others_actions": _l("What others can do for me"),
    "not_helpful": _l("What does not help"),
    CALL: _l("Who to call"),
    "medication": _l("Medication"),
    "agreements": _l("Agreements"),
}
# Without a choice: her signs and what helps in orange and red, what does not help, and
# who to call. Medication is hers to add: the card may be read by someone who finds it.
DEFAULT = ("warning_signs", "own_actions", "others_actions", "not_helpful", CALL)
CRISIS_PHASES = ("orange", "red")


@dataclass
class Block:
    key: str
    title: str
    lines: list[str]


@dataclass
class Call:
    name: str
    what: str
    phone: str


@dataclass
class Card:
    blocks: list[Block] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.blocks or self.calls)


def chosen(plan) -> list[str]:
    parts = DEFAULT if plan.card_parts is None else plan.card_parts
    return [key for key in PARTS if key in parts]


def card(plan, sections) -> Card:
    """The card of a plan from its arranged sections (layout.arrange, with the practice):
    the chosen parts only; a phased part only its orange and red lines when she uses
    phases. A part that is empty or switched off on her plan is left out."""
    parts = chosen(plan)
    result = Card()
    by_key = {section.key: section for section in sections}
    for key in parts:
        section = by_key.get(key)
        if key == CALL:
            result.calls = _calls(by_key)
        elif section is not None:
            lines = [item.text for item in _crisis_items(section)]
            if lines:
                result.blocks.append(Block(key, str(PARTS[key]), lines))
    return result


def _crisis_items(section) -> list:
    if not section.phases:
        return section.items
    return [
        item for group in section.phases if group.phase in CRISIS_PHASES for item in group.items
    ]


def _calls(by_key: dict) -> list[Call]:
    calls = []
    supporters = by_key.get("supporters")
    if supporters is not None:
        calls += [Call(c.name, c.relation, c.phone) for c in supporters.contacts if c.phone]
    professional = by_key.get("professional")
    if professional is not None:
        calls += [
            Call(c.name, str(role_label(c.role)), c.phone) for c in professional.professionals
        ]
        calls += [Call(n.name, _("from your practice"), n.phone) for n in professional.practice]
    return calls
