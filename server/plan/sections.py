"""The sections of a Dutch signaleringsplan, with the B1 examples shown in an empty
section (as guidance, never as content) and the crisis numbers that are always there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TypeVar

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

T = TypeVar("T")


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    hint: str
    examples: tuple = ()
    phased: bool = False  # grouped by green/yellow/orange/red when phases are on
    optional: bool = False  # off until the member switches it on


SECTIONS = (
    Section(
        "warning_signs",
        _l("What I notice"),
        _l("What do you notice in yourself when things are not going well?"),
        (_l("I sleep badly."), _l("I avoid my friends."), _l("I get irritated quickly.")),
        phased=True,
    ),
    Section(
        "others_notice",
        _l("What others notice in me"),
        _l("What do the people around you see or hear when things are not going well?"),
        (_l("I talk less."), _l("I cancel plans."), _l("My house gets messy.")),
        phased=True,
    ),
    Section(
        "triggers",
        _l("What throws me off balance"),
        _l("Situations that make things harder for you."),
        (_l("Stress at work."), _l("An argument at home."), _l("The dark months.")),
    ),
    Section(
        "own_actions",
        _l("What I do myself"),
        _l("What helps you to get your balance back?"),
        (_l("I go for a walk every day."), _l("I call a friend."), _l("I keep to my sleep times.")),
        phased=True,
    ),
    Section(
        "others_actions",
        _l("What others can do for me"),
        _l("What may the people around you do or say?"),
        (
            _l("Ask me how I really am."),
            _l("Come by for coffee."),
            _l("Call my practice if I no longer do so myself."),
        ),
        phased=True,
    ),
    Section(
        "not_helpful",
        _l("What does not help: what others had better not do"),
        _l("What makes it worse for you, even when it is meant well?"),
        (
            _l("Saying that I should cheer up."),
            _l("Asking many questions at once."),
            _l("Leaving me alone for days."),
        ),
    ),
    Section(
        "practice_does",
        _l("What the practice does"),
        _l("What your practice or therapist does in each phase."),
        (_l("An extra conversation within a week."), _l("Contact with my GP.")),
        phased=True,
        optional=True,
    ),
    Section(
        "professional",
        _l("Professional help"),
        _l("Your practice and your GP, with their phone numbers."),
        (_l("GP: name and phone number."),),
    ),
    Section(
        "medication",
        _l("Medication"),
        _l("Which medicines you take, so that helpers know in a crisis."),
        (_l("Sertraline 50 mg, every morning."),),
        optional=True,
    ),
    Section(
        "agreements",
        _l("Agreements"),
        _l("What you agreed with your practice or your support people for a crisis."),
        (_l("If I do not answer for two days, Sam calls my practice."),),
        optional=True,
    ),
    Section(
        "keeps_going",
        _l("What helps me, what I do it for"),
        _l("People, things and plans that make life worth it for you."),
        (_l("My children."), _l("Music."), _l("The holiday next summer.")),
    ),
    Section(
        "distraction",
        _l("Distraction: people and places"),
        _l("Who and what take your mind off things for a while?"),
        (_l("The library."), _l("Gaming with my brother.")),
        optional=True,
    ),
    Section(
        "safe_environment",
        _l("Making my surroundings safe"),
        _l("What can you or others do to make your home safer in a crisis?"),
        (_l("My partner keeps my medicines."),),
        optional=True,
    ),
)
BY_KEY = {section.key: section for section in SECTIONS}
OPTIONAL = tuple(section.key for section in SECTIONS if section.optional)
SUPPORTERS = "supporters"
# The order of the plan; also what a member can choose to show a supporter (the crisis
# numbers are always shown, right after the support people and professional help).
ORDER = (
    "warning_signs",
    "others_notice",
    "triggers",
    "own_actions",
    "others_actions",
    "not_helpful",
    "practice_does",
    SUPPORTERS,
    "professional",
    "medication",
    "agreements",
    "keeps_going",
    "distraction",
    "safe_environment",
)

PHASES = {
    "green": _l("Green: things are going well"),
    "yellow": _l("Yellow: first signs"),
    "orange": _l("Orange: things are going wrong"),
    "red": _l("Red: crisis"),
}


@dataclass(frozen=True)
class CrisisLine:
    label: str
    number: str
    href: str


def per_language(build: Callable[[], T]) -> Callable[[], T]:
    """`build()` made once per language: the plan's fixed words (titles, hints, examples,
    phases, crisis lines) are the same for every reader of a language, and each lazy text
    looked up anew through Flask-Babel was a fifth of /plan/ (pyinstrument, issue 22).
    Without a language (no request) it is built each time, as before."""
    cached = lru_cache(maxsize=8)(lambda locale: build())

    def in_language() -> T:
        locale = get_locale()
        return build() if locale is None else cached(str(locale))

    return in_language


@per_language
def _crisis_lines() -> tuple[CrisisLine, ...]:
    return (
        CrisisLine(str(_l("113 Suicide Prevention, day and night")), "113", "tel:113"),
        CrisisLine(str(_l("113 Suicide Prevention, free")), "0800-0113", "tel:08000113"),
        CrisisLine(str(_l("Chat with 113")), "113.nl", "https://www.113.nl"),
        CrisisLine(str(_l("Emergency: ambulance, police, fire")), "112", "tel:112"),
    )


def crisis_lines() -> list[CrisisLine]:
    return list(_crisis_lines())


@per_language
def section_words() -> dict[str, Section]:
    """Each section with its title, hint and examples in the reader's language."""
    return {
        key: replace(
            section,
            title=str(section.title),
            hint=str(section.hint),
            examples=tuple(str(example) for example in section.examples),
        )
        for key, section in BY_KEY.items()
    }


@per_language
def phase_words() -> dict[str, str]:
    """The phases' names in the reader's language."""
    return {key: str(label) for key, label in PHASES.items()}


def section_title(key: str) -> str:
    if key == SUPPORTERS:
        return _l("My support people")
    return BY_KEY[key].title
