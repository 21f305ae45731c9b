"""Reads for pages that only show data, without the ORM's work per row.

A member's pages run the same few statements on every request; loading ORM objects
(identity map, instance state, attribute events) took more time than the database
did. Here a statement selects the tables' columns (Core), and each row is split into
plain read-only records that carry the model's own properties and methods
(`meeting.is_cancelled`, `membership.is_current(day)`), so templates and rules read
them as they read the models. They are not in a session: nothing written to one is
saved. Pages that change data load ORM objects as before.
"""

from __future__ import annotations

from functools import cache
from types import FunctionType

from sqlalchemy import Column


@cache
def record_class(model: type) -> type:
    """A plain class with the model's properties and methods: a record of a row."""
    shared = {
        name: value
        for klass in reversed(model.__mro__)
        if klass.__module__.startswith("server.")
        for name, value in vars(klass).items()
        if isinstance(value, property | FunctionType) and not name.startswith("__")
    }
    return type(f"{model.__name__}Record", (), {"__module__": __name__, **shared})


class Rows:
    """The columns of some tables side by side in one statement, and each result row
    split back into one record per table (None where an outer join found nothing),
    followed by the statement's other columns as they are."""

    def __init__(self, *models: type) -> None:
        self.columns: list[Column] = [c for model in models for c in model.__table__.columns]
        self.parts = [
            (
                record_class(model),
                [column.key for column in model.__table__.columns],
                [column.primary_key for column in model.__table__.columns].index(True),
            )
            for model in models
        ]

    def split(self, row) -> list:
        records, start = [], 0
        for klass, keys, key_at in self.parts:
            end = start + len(keys)
            values = row[start:end]
            if values[key_at] is None:  # no primary key: no row of this table
                records.append(None)
            else:
                record = klass.__new__(klass)
                record.__dict__.update(zip(keys, values, strict=True))
                records.append(record)
            start = end
        return [*records, *row[start:]]
