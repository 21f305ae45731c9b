"""PostgreSQL connections: no ping per request, reads outside a transaction, and a
cursor whose column descriptions are made only when something reads them.

Each of these saves work that every page paid per statement; `python -m
bench.postgresql_cost` and `make bench` measure what is left.
"""

from __future__ import annotations

import select
from collections.abc import Sequence
from functools import lru_cache

import psycopg
from psycopg.pq import ExecStatus, TransactionStatus
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError

RECYCLE_SECONDS = 1800


def make_engine(url: str) -> Engine:
    # No ping per checkout (a round trip before every request's first statement): a
    # connection the server has closed is noticed without asking it (below), and one
    # older than half an hour is replaced, before a firewall's idle timeout drops it
    # unannounced.
    engine = create_engine(
        url, pool_recycle=RECYCLE_SECONDS, connect_args={"cursor_factory": Cursor}
    )
    event.listen(engine, "checkout", _drop_if_server_hung_up)
    return engine


def _drop_if_server_hung_up(dbapi_connection, _record, _proxy) -> None:
    """An idle connection in the pool has nothing to read. When its socket has (the
    server's "terminating connection" before it hangs up: a restart, a failover,
    pg_terminate_backend) or is closed, the pool replaces it before the request uses
    it (SQLAlchemy retries the checkout on DisconnectionError). No round trip."""
    if dbapi_connection.closed:
        raise DisconnectionError("connection closed")
    poller = select.poll()
    poller.register(dbapi_connection.fileno(), select.POLLIN | select.POLLERR | select.POLLHUP)
    if poller.poll(0):
        raise DisconnectionError("the server closed the connection")


def _only_reads(statement) -> bool:
    """A SELECT that neither locks rows (FOR UPDATE/SHARE) nor makes a table (INTO).
    A SELECT that writes through a function would need a transaction too: Kring has
    none. Taking a read for a write only costs the round trips saved below, so the test
    errs that way."""
    if not isinstance(statement, str):
        return False  # psycopg's composed SQL or bytes: Kring sends none, so a write
    return _is_plain_select(statement)


@lru_cache(maxsize=1024)
def _is_plain_select(statement: str) -> bool:
    """Kept per statement: SQLAlchemy sends the same few cached statements again and
    again, and reading 2,000 characters each time cost 4 us a statement. Substring
    tests: a regular expression cost ten times as much (1.3M instructions per home)."""
    words = statement.upper()
    return words.startswith("SELECT") and "FOR " not in words and "INTO" not in words


def _transaction_from_first_write(connection: psycopg.Connection, statement) -> None:
    """PostgreSQL: reads outside a transaction, the first write begins one.

    Writes stay atomic: the transaction begins before a request's first write (or
    locking read) and ends with its commit, or with the rollback of a failed request.
    Reads before it see what they saw inside one: at READ COMMITTED (PostgreSQL's
    default, which Kring keeps) every statement takes a snapshot of its own either
    way, so a read never sees half of another request's write, with or without BEGIN.

    What it saves: a page that only reads sent BEGIN and ROLLBACK, two round trips;
    and psycopg forgets its prepared statements at every ROLLBACK, so each request
    parsed and planned its statements anew. Without them psycopg prepares a statement
    after 5 uses per connection. Measured per home request (demo and 1 scale
    practice): 7 round trips -> 5, PostgreSQL's CPU 6.0 -> 2.1 ms.

    Called by the cursor below, not as a SQLAlchemy event: any engine event of the
    connection kind puts every statement through SQLAlchemy's event dispatch: the
    user loader's statement in a loop took 123 us of CPU per execution with the event
    and 104 us without (raw psycopg: 48 us)."""
    if _only_reads(statement):
        idle = connection.pgconn.transaction_status == TransactionStatus.IDLE
        if idle and not connection.autocommit:
            connection.autocommit = True
    elif connection.autocommit:
        connection.autocommit = False  # psycopg sends BEGIN before this statement


_ROWS = (ExecStatus.TUPLES_OK, ExecStatus.SINGLE_TUPLE, ExecStatus.TUPLES_CHUNK)


class Cursor(psycopg.Cursor):
    """psycopg's cursor: a write begins a transaction (above), and `description` is
    made on first use.

    SQLAlchemy reads `cursor.description` after every statement, but once a statement
    is in its cache it only asks whether there is one: the column names and types it
    needs are cached with the statement. psycopg makes a `Column` per column each
    time, 93 per home request, 7-9% of the page's CPU time on PostgreSQL (A/B in one
    process, cProfile). Here they are made when an item is read, from the result the
    statement returned."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        _transaction_from_first_write(self.connection, query)
        return super().execute(query, params, prepare=prepare, binary=binary)

    def executemany(self, query, params_seq, *, returning=False):
        _transaction_from_first_write(self.connection, query)
        return super().executemany(query, params_seq, returning=returning)

    @property
    def description(self) -> _Description | None:
        result = self.pgresult
        if result is None or not (result.nfields or result.status in _ROWS):
            return None
        return _Description(_ResultOf(self), result.nfields)


class _ResultOf:
    """What `psycopg.Column` reads from a cursor, kept at one result: by the time the
    columns are made, the cursor may have gone on to the next statement."""

    __slots__ = ("pgresult", "adapters", "_encoding")

    def __init__(self, cursor: Cursor):
        self.pgresult = cursor.pgresult
        self.adapters = cursor.adapters
        self._encoding = cursor._encoding


class _Description(Sequence):
    __slots__ = ("_result", "_count", "_columns")

    def __init__(self, result: _ResultOf, count: int):
        self._result, self._count, self._columns = result, count, None

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        if self._columns is None:
            self._columns = [psycopg.Column(self._result, i) for i in range(self._count)]
        return self._columns[index]
