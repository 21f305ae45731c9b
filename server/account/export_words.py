"""The words the readable export (export.html) shows where the JSON export keeps the
app's keys: a member reads "Je was er", not "present"."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from server.homework.forms import PROMPTS
from server.journey.forms import EVALUATION_QUESTIONS
from server.plan.sections import PHASES

ATTENDANCE = {
    "present": _l("You were there"),
    "absent": _l("Not there"),
    "cancelled": _l("You cancelled"),
}


def export_words() -> dict:
    return {
        "attendance": ATTENDANCE,
        "prompts": PROMPTS,
        "evaluation": EVALUATION_QUESTIONS,
        "phases": PHASES,
    }
