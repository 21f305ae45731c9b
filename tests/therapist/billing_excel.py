"""Reading an export the way Dutch Excel does: a byte order mark says UTF-8, then `;`
between cells."""

import csv
import io


def read_as_excel(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
