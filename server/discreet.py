"""Words that say what kind of care a member gets. Nothing that leaves the app (e-mail,
a notification on a lock screen, a calendar entry) may carry them: an inbox or a phone
on the table is not private."""

from __future__ import annotations

CARE_WORDS = ("therap", "psych", "behandel", "ggz", "patiënt", "patient", "diagnos")


def names_care(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in CARE_WORDS)


def discreet(text: str | None) -> str | None:
    """The text if it says nothing about the kind of care, else None (leave it out):
    a practice called "... Psychotherapie" is not named in an e-mail."""
    return text if text and not names_care(text) else None
