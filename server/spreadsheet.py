"""CSV that is safe to open in a spreadsheet.

Excel and LibreOffice run a cell that starts with `=`, `+`, `-` or `@` (also after a
tab or carriage return) as a formula, so a name typed as `=HYPERLINK(...)` would become
a link or a command in the reviewer's spreadsheet (OWASP: CSV injection). Such a cell
gets a leading apostrophe, which the spreadsheet shows as plain text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_rows(output: IO[str], rows: Iterable[Iterable[object]]) -> None:
    writer = csv.writer(output)
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
