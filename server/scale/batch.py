"""The inserts of one practice of scale data, as Core bulk statements."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session


@dataclass
class Batch:
    """One practice's inserts: the session, a seeded generator (every run makes the same
    data) and the access-log rows, written in one go at the end."""

    db: Session
    number: int
    today: date
    now: datetime
    roll: random.Random
    audit: list[dict] = field(default_factory=list)

    def ids(self, model, rows: list[dict]) -> list[int]:
        """INSERT many rows; their new ids, in the order of `rows`."""
        if not rows:
            return []
        statement = insert(model).returning(model.id, sort_by_parameter_order=True)
        return list(self.db.scalars(statement, rows))

    def bulk(self, model, rows: list[dict]) -> None:
        if rows:
            self.db.execute(insert(model), rows)

    def read(self, actor: int, subject: int, kind: str, object_id: int, at: datetime) -> None:
        """The access-log row a therapist's reading left behind (NEN 7513)."""
        self.audit.append(
            {
                "at": at,
                "actor_user_id": actor,
                "subject_user_id": subject,
                "action": "read",
                "object_type": kind,
                "object_id": object_id,
            }
        )
