"""Known NUTS / country codes for the request form's completer and check (QGIS-free).

Why: a mistyped NUTS code is only refused by the server after a round trip ("NUTS country
error", clms_api.md §1.7); the form checks it first against a data table
(``resources/nuts/countries.csv``, users may extend it) and offers the codes as a completer.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).resolve().parents[2] / "resources" / "nuts" / "countries.csv"
_SHAPE = re.compile(r"^[A-Z]{2}[A-Z0-9]{0,3}$")


@lru_cache(maxsize=4)
def known_codes(path: str = str(TABLE)) -> dict[str, str]:
    """``{code: name}`` from the table (empty if it is missing)."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return {row["code"].strip().upper(): row["name"].strip()
                    for row in csv.DictReader(fh) if row.get("code")}
    except OSError:
        return {}


def check(code: str, table: dict[str, str] | None = None) -> str:
    """A problem with ``code`` in plain words, or "" when it is acceptable."""
    table = known_codes() if table is None else table
    value = code.strip().upper()
    if not value:
        return "enter a NUTS or country code"
    if not _SHAPE.match(value):
        return (f"'{code.strip()}' is not a NUTS code (two letters for the country, then up to "
                "three letters or digits, e.g. ITC11)")
    if value not in table and value[:2] not in table:
        return f"'{value[:2]}' is not a known NUTS country code (e.g. {', '.join(list(table)[:4])})"
    return ""


def label(code: str, table: dict[str, str] | None = None) -> str:
    table = known_codes() if table is None else table
    value = code.strip().upper()
    return table.get(value) or (f"{table[value[:2]]} (NUTS {len(value) - 2})"
                                if value[:2] in table and len(value) > 2 else "")
