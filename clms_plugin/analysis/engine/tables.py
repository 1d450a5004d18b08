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
from pathlib import Path
from typing import Any

from .outputs import is_partial, partial_name


@contextmanager
def atomic_csv(path: str | os.PathLike) -> Iterator[Any]:
    """``with atomic_csv(path) as writer: writer.writerow([...])`` — UTF-8, no blank lines."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = str(target if is_partial(target) else partial_name(target))
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield csv.writer(fh)
        if tmp != str(target):
            os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
