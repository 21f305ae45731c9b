"""What changed since a supporter last looked: the plan as the link showed it then
(the stored version) against the plan now, line by line, in the sections the link
shows. Generic: any section `layout.arrange` gives, with lines (items) or people
(contacts), is compared the same way.

A line is the same when its section, phase and text are; a line not found is
"changed" when it replaces one that is gone (the same text in another phase, or the
same place in its section: an edited line keeps its place), else "new". Lines that are
gone are only counted: the page cannot show what is no longer there."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from server.plan.services import CONTACT_FIELDS

NEW, CHANGED = "new", "changed"


@dataclass
class Marks:
    rows: dict[tuple[str, int], str] = field(default_factory=dict)
    removed: int = 0

    def of(self, row) -> str | None:
        return self.rows.get(_identity(row))

    def __bool__(self) -> bool:
        return bool(self.rows or self.removed)


def _identity(row) -> tuple[str, int]:
    return (type(row).__name__, row.id)


def compare(before: list, after: list) -> Marks:
    """`before` and `after`: the arranged sections (layout.SectionView) of then and now."""
    marks = Marks()
    then = {section.key: section for section in before}
    for section in after:
        old = then.get(section.key)
        _mark(marks, old.items if old else [], section.items, _line, lambda row: row.text)
        _mark(marks, old.contacts if old else [], section.contacts, _person, lambda row: row.name)
    return marks


def _line(row) -> tuple:
    return (row.phase, row.text)


def _person(row) -> tuple:
    return tuple(getattr(row, name) for name in CONTACT_FIELDS)


def _mark(marks: Marks, old: list, new: list, key, name) -> None:
    unmatched_old = Counter(key(row) for row in old)
    unmatched_new = []
    for row in new:
        if unmatched_old[key(row)] > 0:
            unmatched_old[key(row)] -= 1
        else:
            unmatched_new.append(row)
    gone = [row for row in old if _take(unmatched_old, key(row))]
    for row in unmatched_new:
        replaced = _replaced(gone, row, name)
        marks.rows[_identity(row)] = CHANGED if replaced else NEW
    marks.removed += len(gone)


def _take(counter: Counter, value) -> bool:
    if counter[value] > 0:
        counter[value] -= 1
        return True
    return False


def _replaced(gone: list, row, name) -> bool:
    """Take the gone row this one replaces, if any: same text (or name), else same place."""
    for same in (lambda g: name(g) == name(row), lambda g: g.position == row.position):
        match = next((g for g in gone if same(g)), None)
        if match is not None:
            gone.remove(match)
            return True
    return False
