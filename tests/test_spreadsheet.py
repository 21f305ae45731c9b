"""CSV downloads cannot smuggle a formula into the reviewer's spreadsheet."""

import csv
import io
from datetime import UTC, datetime

from flask.cli import ScriptInfo

from server.audit import AuditEvent
from server.cli import main
from server.spreadsheet import neutralise, write_rows


def test_cells_that_a_spreadsheet_would_run_are_made_plain_text():
    for dangerous in ("=1+1", "+31 6", "-2", "@SUM(A1)", "\t=1", "\r=1"):
        assert neutralise(dangerous) == "'" + dangerous
    for harmless in ("Eva", "a=b", "", "2026-01-05T10:00:00+00:00"):
        assert neutralise(harmless) == harmless
    assert neutralise(-3) == -3 and neutralise(None) is None  # numbers are numbers


def test_write_rows_keeps_commas_and_quotes_as_csv():
    output = io.StringIO()
    write_rows(output, [["name", "ip"], ['=HYPERLINK("x"),1', "10.0.0.1"]])
    assert list(csv.reader(io.StringIO(output.getvalue()))) == [
        ["name", "ip"],
        ['\'=HYPERLINK("x"),1', "10.0.0.1"],
    ]


def test_kring_audit_export_neutralises_a_planted_cell(app, db):
    db.add(
        AuditEvent(
            at=datetime(2026, 1, 5, 10, 0, tzinfo=UTC),
            action="read",
            object_type="plan",
            ip="=cmd|' /C calc'!A0",
        )
    )
    db.commit()
    result = app.test_cli_runner().invoke(
        main,
        ["audit-export", "--from", "2026-01-01", "--to", "2026-01-31"],
        obj=ScriptInfo(create_app=lambda: app),
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[1][-1] == "'=cmd|' /C calc'!A0"
