"""Outputs that never destroy data: guards, staging under temporary names, one commit (QGIS-free).

Why: an algorithm run writes several files (rasters, tables, an HTML report). Picking the
input as the output, giving two outputs one path, or a failure after the first output was
written used to lose data silently. Every run therefore goes through :class:`OutputSet`:

1. ``OutputSet(outputs, inputs)`` checks before any work: an output equal to an input (after
   resolving symlinks) or to another output is refused, naming both parameters; a raster
   output GDAL would not write as GeoTIFF is refused; the folder must exist (or be creatable)
   and be writable — proved by creating the staged file, not guessed from permission bits.
2. The core writes to :attr:`OutputSet.staged` — hidden names in the target folder whose
   names say what they are (``.out.tif.clms-partial-<pid>-<token>.tif``).
3. :meth:`OutputSet.commit` renames every staged file over its final name only when all of
   them exist; replaced files are first moved aside, so a failed rename puts them back.
   A replaced output's stale ``.aux.xml`` goes away. :meth:`OutputSet.abort` removes every
   staged file. Either way no temporary file is left.
4. A run killed with SIGKILL cannot clean up; :func:`remove_stale_partials` (called by the
   next run into the folder) removes partial files older than that run whose process is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import OutputError

PARTIAL_TAG = "clms-partial"
BACKUP_TAG = "clms-replaced"
_PARTIAL_RE = re.compile(r"\.(?:%s|%s)-(\d+)-" % (PARTIAL_TAG, BACKUP_TAG))

#: Files beside an output that belong to it and move with it: a raster's QML default style,
#: a CSV table's column types (``.csvt``, read by QGIS and GDAL).
SIDECARS = (".qml", ".csvt")

#: Table formats that are ZIP archives (the OGR XLSX/ODS drivers write through /vsizip/)
ZIP_CONTAINERS = (".xlsx", ".ods", ".zip", ".kmz")

#: Extensions a raster output may have: the engine writes GeoTIFF only.
RASTER_EXTENSIONS = (".tif", ".tiff")


def partial_name(final: str | os.PathLike, tag: str = PARTIAL_TAG) -> Path:
    """Hidden temporary sibling of ``final`` that says what it is and who wrote it.

    ``out.tif`` → ``.out.tif.clms-partial-<pid>-<token>.tif``: the extension stays (GDAL and
    readers pick the format from it), the pid lets the next run tell a dead run's leftovers
    from a live run's files.
    """
    final = Path(final)
    name = final.name
    if final.suffix.lower() in ZIP_CONTAINERS:
        # GDAL reads "m.xlsx.…" as a path *inside* the archive m.xlsx: the extension may
        # appear once only (``.m_xlsx.clms-partial-….xlsx``)
        name = f"{final.stem}_{final.suffix[1:]}"
    return final.with_name(f".{name}.{tag}-{os.getpid()}-{secrets.token_hex(4)}"
                           f"{final.suffix}")


def is_partial(path: str | os.PathLike) -> bool:
    """True for a name made by :func:`partial_name`: already a temporary, renamed by its
    owner, so a writer may write it in place instead of staging a temporary of a temporary."""
    name = Path(path).name
    return name.startswith(".") and f".{PARTIAL_TAG}-" in name


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    except OSError:
        return False
    return True


def remove_stale_partials(folder: str | os.PathLike, older_than: float) -> list[Path]:
    """Remove partial files in ``folder`` left by dead runs that started before ``older_than``.

    Why both conditions: a file younger than this run, or one whose writer process is still
    alive, may belong to a run in progress (another QGIS, a parallel qgis_process).
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _PARTIAL_RE.search(entry.name)
        if not entry.name.startswith(".") or match is None:
            continue
        try:
            if entry.stat(follow_symlinks=False).st_mtime >= older_than:
                continue
            if _pid_alive(int(match.group(1))):
                continue
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """True when two paths name one file (symlinks resolved; hard links via the inode)."""
    ra, rb = os.path.realpath(a), os.path.realpath(b)
    if os.path.normcase(ra) == os.path.normcase(rb):
        return True
    try:
        return os.path.samefile(ra, rb)
    except OSError:
        return False


@dataclass(frozen=True)
class OutputRequest:
    """One output of a run: its parameter, final path and kind: ``raster`` (GeoTIFF only),
    ``file`` (tables, HTML), or ``sink`` (a table QGIS writes through its vector writer, CSV
    XLSX GPKG ODS …: staged like the others — the glue hands QGIS the staged name)."""

    parameter: str
    path: str
    kind: str = "file"


class OutputSet:
    """The outputs of one run: checked, staged under temporary names, committed together."""

    def __init__(self, outputs: Iterable[OutputRequest],
                 inputs: Mapping[str, Iterable[str]] | None = None,
                 started: float | None = None) -> None:
        self.requests = [o for o in outputs if o.path]
        self.inputs = {k: [p for p in v if p] for k, v in (inputs or {}).items()}
        self.started = time.time() if started is None else started
        self.staged: dict[str, str] = {}
        self.committed = False
        self.check()
        self.final: dict[str, str] = {o.parameter: o.path for o in self.requests}

    # -- checks before any work -------------------------------------------------------------
    def check(self) -> None:
        """Raise :class:`OutputError` naming the parameter(s) for any unsafe output."""
        for out in self.requests:
            for param, paths in self.inputs.items():
                for path in paths:
                    if same_file(out.path, path):
                        raise OutputError(out.parameter, (
                            f"'{out.path}' is the input {param}; writing there would destroy "
                            "the input. Choose another output file."))
        for i, a in enumerate(self.requests):
            for b in self.requests[i + 1:]:
                if same_file(a.path, b.path):
                    raise OutputError(b.parameter, (
                        f"'{b.path}' is also the output {a.parameter}; one of the two would be "
                        "lost. Give each output its own file."))
        for out in self.requests:
            if out.kind == "raster" and Path(out.path).suffix.lower() not in RASTER_EXTENSIONS:
                raise OutputError(out.parameter, (
                    f"'{Path(out.path).name}': this algorithm writes GeoTIFF; use a .tif file "
                    "name (convert afterwards with Raster > Conversion > Translate)."))
        for out in self.requests:
            self._check_writable(out)

    def _check_writable(self, out: OutputRequest) -> None:
        final = Path(out.path)
        if final.is_dir():
            raise OutputError(out.parameter, f"'{final}' is a folder; give a file name.")
        folder = final.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(out.parameter, (
                f"cannot create the folder '{folder}' ({exc.strerror or exc}); choose a "
                "writable folder.")) from exc
        if final.exists() and not os.access(final, os.W_OK):
            raise OutputError(out.parameter, (
                f"'{final}' exists and is read-only; choose another file or make it writable."))
        staged = partial_name(final)
        try:
            fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except OSError as exc:
            raise OutputError(out.parameter, (
                f"cannot write in the folder '{folder}' ({exc.strerror or exc}); choose a "
                "writable folder.")) from exc
        os.close(fd)
        os.unlink(staged)  # the core creates it; an empty file would look like a result
        self.staged[out.parameter] = str(staged)

    # -- the run ------------------------------------------------------------------------------
    def clean_stale(self) -> list[Path]:
        """Remove dead runs' partial files from every output folder (see module docstring)."""
        removed: list[Path] = []
        for folder in {str(Path(p).parent) for p in self.final.values()}:
            removed += remove_stale_partials(folder, self.started)
        return removed

    def produced(self) -> dict[str, str]:
        """Final paths of the outputs the core actually wrote (optional ones may be absent)."""
        return {k: self.final[k] for k, s in self.staged.items() if os.path.exists(s)}

    def commit(self) -> dict[str, str]:
        """Rename every written staged file over its final name; all or nothing.

        Existing finals are moved aside first and restored if any rename fails, so a failure
        leaves the folder as it was before the run.
        """
        written = {k: s for k, s in self.staged.items() if os.path.exists(s)}
        aside: list[tuple[Path, Path]] = []
        placed: list[Path] = []
        try:
            for param in written:
                final = Path(self.final[param])
                if final.exists():
                    backup = partial_name(final, BACKUP_TAG)
                    os.replace(final, backup)
                    aside.append((final, backup))
            for param, staged in written.items():
                final = Path(self.final[param])
                os.replace(staged, final)
                placed.append(final)
                aux_src, aux_dst = Path(staged + ".aux.xml"), Path(str(final) + ".aux.xml")
                if aux_src.exists():
                    os.replace(aux_src, aux_dst)
                else:
                    aux_dst.unlink(missing_ok=True)  # stale statistics of the replaced file
                for suffix in SIDECARS:  # the default style, a CSV's column types
                    side = Path(staged).with_suffix(suffix)
                    if side.exists():
                        os.replace(side, final.with_suffix(suffix))
        except BaseException:
            for final in placed:
                final.unlink(missing_ok=True)
            for final, backup in aside:
                os.replace(backup, final)
            self.abort()
            raise
        for _, backup in aside:
            backup.unlink(missing_ok=True)
        self.committed = True
        return {k: self.final[k] for k in written}

    def abort(self) -> None:
        """Remove every staged file (and a sidecar GDAL may have written beside it)."""
        for staged in self.staged.values():
            for path in (Path(staged), Path(staged + ".aux.xml"),
                         *(Path(staged).with_suffix(x) for x in SIDECARS)):
                try:
                    path.unlink()
                except FileNotFoundError:
                    pass
                except OSError:
                    pass
        # files the writers had open under their own temporary names
        for folder in {str(Path(p).parent) for p in self.staged.values()}:
            for staged in self.staged.values():
                stem = Path(staged).name
                try:
                    for entry in os.scandir(folder):
                        if entry.name.startswith("." + stem) and entry.name != stem:
                            os.unlink(entry.path)
                except OSError:
                    pass



@contextlib.contextmanager
def atomic_text(path: str | os.PathLike, newline: str | None = None) -> Iterator[Any]:
    """``with atomic_text(path) as fh: fh.write(...)`` — UTF-8 text that appears under its
    name only when complete. Why one helper: tables, reports and QML sidecars all need it; a
    path the base already staged is written directly (no temporary of a temporary)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = str(target if is_partial(target) else partial_name(target))
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as fh:
            yield fh
        if tmp != str(target):
            os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


__all__ = ["PARTIAL_TAG", "RASTER_EXTENSIONS", "OutputRequest", "OutputSet", "atomic_text",
           "is_partial", "partial_name", "remove_stale_partials", "same_file"]
