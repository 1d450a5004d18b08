"""CSV tables written atomically.

Why: area tables and change matrices are read by scripts and models; a cancelled or failed
run must never leave a half-written table under the final name (the same rule the block
runner follows for rasters). Rows go to a hidden temporary file in the target folder, which
is renamed over the final name only when the writer closes without an error.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .outputs import atomic_text


@contextmanager
def atomic_csv(path: str | os.PathLike) -> Iterator[Any]:
    """``with atomic_csv(path) as writer: writer.writerow([...])`` — UTF-8, no blank lines."""
    with atomic_text(path, newline="") as fh:
        yield csv.writer(fh)


@dataclass
class Table:
    """Rows with typed columns: what the core returns and the glue writes to a table sink.

    Why typed: a Processing table output (CSV, XLSX, GeoPackage, a memory layer) keeps one
    type per column, so numbers stay numbers; ``columns`` is ``[(name, kind)]`` with kind one
    of ``int``, ``float``, ``str``, ``date``. Descriptive facts (area method, inputs) are a
    column, never a trailing row that would turn a number column into text.
    """

    columns: list[tuple[str, str]]
    rows: list[list[Any]] = field(default_factory=list)

    def names(self) -> list[str]:
        return [name for name, _ in self.columns]


def _cell(kind: str, value: Any) -> Any:
    if value is None:
        return ""
    if kind == "float":
        return f"{float(value):.4f}"
    if kind == "int":
        return int(value)
    return value


def write_csv(path: str | os.PathLike, table: Table) -> str:
    """Write ``table`` as CSV (header = column names; floats with 4 decimals), atomically."""
    kinds = [kind for _, kind in table.columns]
    with atomic_csv(path) as w:
        w.writerow(table.names())
        for row in table.rows:
            w.writerow([_cell(k, v) for k, v in zip(kinds, row)])
    return str(path)
