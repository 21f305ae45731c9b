"""Who is signed in: Flask-Login's loader, run once per request for `current_user`.

A page that is only read (GET, HEAD) gets a read-only record of the account instead
of the ORM object: loading the `User` through the ORM was a sixth of a member page's
time (pyinstrument, home), most of it the ORM's own work around one row. Requests
that may change data (POST: with CSRF nothing else changes anything) get the ORM
object as before, so views write to `current_user` and hand it to services that
link it to other rows. Both are checked against the session version the same way.
"""

from __future__ import annotations

from functools import cache

from flask import request
from sqlalchemy import bindparam, select

from server.auth.models import User
from server.auth.services import has_homework_column, load_user_by_session_id, session_values
from server.db import get_db
from server.reads import record_class

READ_ONLY_METHODS = frozenset({"GET", "HEAD"})


class SignedInUser(record_class(User)):
    """The account's columns with the model's properties (`is_therapist`, `name`,
    `get_id`), plus `has_homework`. Not in a database session: a change to it would
    be lost without a word, so changing it is refused."""

    is_authenticated = True
    is_anonymous = False

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"the signed-in user is read-only on a GET request ({name})")


_KEYS = [column.key for column in User.__table__.columns]


def load_signed_in_user(session_id: str) -> User | SignedInUser | None:
    if request.method not in READ_ONLY_METHODS:
        return load_user_by_session_id(session_id)
    values = session_values(session_id)
    if values is None:
        return None
    row = get_db().connection().execute(_user_statement(), values).first()
    if row is None:
        return None
    user = SignedInUser.__new__(SignedInUser)
    user.__dict__.update(zip(_KEYS, row, strict=False))
    if user.session_version != values["version"]:
        return None
    user.__dict__["has_homework"] = row[-1]
    return user


@cache
def _user_statement():
    """Built once, as the pages' own statements (server/reads.py)."""
    columns = User.__table__.columns
    return select(*columns, has_homework_column()).where(columns.id == bindparam("user_id"))
