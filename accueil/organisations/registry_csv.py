"""The registry's CSV format: public columns, lists joined with "|"; UTF-8, header on line 1."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .services import REGISTRY_COLUMNS

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000


class TextSink(Protocol):
    def write(self, text: str, /) -> Any: ...


def _defuse(value: str) -> str:
    """Keep spreadsheet programs from reading a cell as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def registry_csv_write(rows: Iterable[Mapping[str, Any]], stream: TextSink) -> None:
    writer = csv.DictWriter(stream, fieldnames=REGISTRY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: _defuse(str(row.get(column, ""))) for column in REGISTRY_COLUMNS})


def _undefuse(value: Any) -> Any:
    if isinstance(value, str) and value[:1] == "'" and value[1:2] in ("=", "+", "-", "@"):
        return value[1:]
    return value


def registry_csv_read(data: bytes | str) -> list[dict[str, Any]]:
    """Parse an uploaded file; raises ValidationError (translated) when it is not a registry CSV."""
    if isinstance(data, bytes):
        if len(data) > MAX_IMPORT_BYTES:
            raise ValidationError(_("The file is too large (at most 2 MB)."))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("The file must be a CSV file encoded in UTF-8.")) from exc
    else:
        text = data.removeprefix("\ufeff")
    if "\x00" in text:
        raise ValidationError(_("The file must be a CSV file encoded in UTF-8."))
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [name.strip() for name in reader.fieldnames or []]
        missing = [column for column in ("name", "type") if column not in header]
        if missing:
            raise ValidationError(
                _("The first line must name the columns; missing: %(columns)s.") % {"columns": ", ".join(missing)}
            )
        reader.fieldnames = header
        rows = []
        for row in reader:
            rows.append({key: _undefuse(value) for key, value in row.items()})
            if len(rows) > MAX_IMPORT_ROWS:
                raise ValidationError(
                    _("At most %(count)s lines can be imported at once.") % {"count": MAX_IMPORT_ROWS}
                )
    except csv.Error as exc:
        raise ValidationError(_("The file could not be read as CSV.")) from exc
    return rows
