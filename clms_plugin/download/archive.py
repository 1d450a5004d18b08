"""Safe extraction of downloaded archives (CLMS results are zips, often zips in zips).

Why: a zip entry named ``../../.bashrc`` or ``/etc/x`` or a symlink pointing outside the
target would let a download write anywhere ("zip slip"); a small zip can expand to terabytes
("zip bomb"), also spread over many entries each under a per-entry limit; a half-extracted
folder looks like a finished one. So: every entry of an archive is checked *before* anything
is written (names, links, collisions, total size and the compression ratio across all
entries, free space), everything is extracted into a hidden temporary folder beside the
target, inner zips included, and that folder is renamed into place only when all of it
succeeded. A refused or damaged archive, or a stop request, leaves nothing behind. CLMS
results come as an outer zip whose ``Results/`` folder holds inner zips (XC
``download_zip_data``): those are unpacked into a folder named after them. QGIS-free.
"""

from __future__ import annotations

import os
import shutil
import stat
import uuid
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import fsutil

MAX_TOTAL_BYTES = 50 * 1024**3  # 50 GiB of uncompressed data per archive tree
MAX_MEMBERS = 100_000
MAX_RATIO = 200  # uncompressed/compressed, per entry and across all entries of an archive
RATIO_FLOOR = 100 * 1024 * 1024  # below this many bytes a high ratio cannot hurt
MAX_DEPTH = 3
SPACE_MARGIN = 64 * 1024 * 1024  # keep this much free beyond the expanded size
_COPY = 1024 * 1024
DATA_SUFFIXES = (".tif", ".tiff", ".nc", ".gpkg", ".shp", ".geojson", ".json", ".gml", ".vrt",
                 ".img", ".jp2", ".csv", ".xml", ".qml", ".sld", ".dbf", ".txt", ".pdf")
RASTER_SUFFIXES = (".tif", ".tiff", ".nc", ".img", ".jp2", ".vrt")


class ArchiveError(ValueError):
    """Base class: the archive was not extracted; ``str()`` says why (nothing was written)."""


class UnsafeArchiveError(ArchiveError):
    """The archive would write outside the target, holds links, or is too large."""


class CorruptArchiveError(ArchiveError):
    """The file is not a readable zip, or an entry's data is damaged (CRC)."""


class ArchiveCollisionError(ArchiveError):
    """Two entries, an inner archive's folder or the target itself would share a name."""


class ArchiveSpaceError(ArchiveError):
    """Not enough free space for the expanded archive."""


class ExtractionStopped(Exception):  # noqa: N818 - a state, not an error
    """``should_stop()`` asked to stop; the temporary folder was removed."""


@dataclass
class ExtractResult:
    target: Path
    files: list[Path] = field(default_factory=list)  # every extracted non-zip file
    total_bytes: int = 0

    def rasters(self) -> list[Path]:
        return [p for p in self.files if p.suffix.lower() in RASTER_SUFFIXES]

    def loadable(self) -> list[Path]:
        """What a caller may offer to add to the map: rasters plus the vector / point files
        the product registry recognises (one rule, ``products.families.loadable``), else any
        other data file."""
        from ..products import families

        return (list(families.loadable(self.files))
                or [p for p in self.files if p.suffix.lower() in DATA_SUFFIXES])


def _safe_name(name: str) -> PurePosixPath:
    """Normalised relative path of an entry, or UnsafeArchiveError."""
    raw = name.replace("\\", "/")
    if raw.startswith("/") or (len(raw) > 1 and raw[1] == ":") or raw.startswith("//"):
        raise UnsafeArchiveError(f"absolute path in archive: {name!r}")
    parts = [p for p in raw.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise UnsafeArchiveError(f"path traversal in archive: {name!r}")
    if not parts:
        raise UnsafeArchiveError(f"empty entry name in archive: {name!r}")
    return PurePosixPath(*parts)


def _open(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise CorruptArchiveError(f"{path.name} is not a readable zip archive ({exc})") from None


def check_zip(zf: zipfile.ZipFile, budget: int, max_members: int = MAX_MEMBERS,
              archive_size: int | None = None, label: str = "archive") -> int:
    """Validate every entry; return the total uncompressed size. Writes nothing.

    Refuses unsafe names and links, duplicate and colliding names, more than ``budget`` bytes
    in total, and a compression ratio above :data:`MAX_RATIO` per entry or across entries.
    """
    infos = zf.infolist()
    if len(infos) > max_members:
        raise UnsafeArchiveError(f"{label} has {len(infos)} entries (limit {max_members})")
    total = packed = 0
    files: dict[str, str] = {}
    dirs: set[str] = set()
    for info in infos:
        rel = _safe_name(info.filename)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise UnsafeArchiveError(f"symbolic link in {label}: {info.filename!r}")
        for n in range(1, len(rel.parts)):
            dirs.add("/".join(rel.parts[:n]))
        if info.is_dir():
            dirs.add(str(rel))
            continue
        key = str(rel)
        if key in files:
            raise ArchiveCollisionError(f"{label} holds {key!r} twice ({files[key]!r} and "
                                        f"{info.filename!r}); extraction refused")
        files[key] = info.filename
        total += info.file_size
        packed += info.compress_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise UnsafeArchiveError(
                f"entry {info.filename!r} expands {info.file_size // max(1, info.compress_size)}x"
                f" (limit {MAX_RATIO}x); extraction refused")
        if total > budget:
            raise UnsafeArchiveError(f"{label} expands to more than {budget} bytes; "
                                     "extraction refused")
    packed = max(packed, archive_size or 0, 1)
    if total > RATIO_FLOOR and total > MAX_RATIO * packed:
        raise UnsafeArchiveError(
            f"{label} expands {total // packed}x in total ({total // fsutil.MB} MB from "
            f"{max(1, packed // fsutil.MB)} MB; limit {MAX_RATIO}x); extraction refused")
    _check_collisions(files, dirs, label)
    return total


def _check_collisions(files: dict[str, str], dirs: set[str], label: str) -> None:
    """A file and a folder of one name, names differing only in case, an inner zip's folder."""
    for key in files:
        if key in dirs:
            raise ArchiveCollisionError(f"{label} has both a file and a folder named {key!r}")
        if key.lower().endswith(".zip") and (key[:-4] in dirs or key[:-4] in files):
            raise ArchiveCollisionError(
                f"inner archive {key!r} would unpack into {key[:-4]!r}, which {label} already "
                "uses; extraction refused")
    seen: dict[str, str] = {}
    for key in list(files) + sorted(dirs):
        other = seen.setdefault(key.lower(), key)
        if other != key:
            raise ArchiveCollisionError(f"{label} holds {other!r} and {key!r}, names that "
                                        "differ only in letter case; extraction refused")


def test_integrity(path: str | os.PathLike, max_total_bytes: int = MAX_TOTAL_BYTES) -> None:
    """Raise :class:`CorruptArchiveError` if ``path`` is not a zip or an entry's CRC is wrong.

    Used on the ``.part`` before a download is renamed into place. An archive that is
    readable but unsafe is *not* an integrity failure: extraction refuses it with its reason,
    without decompressing a bomb here.
    """
    path = Path(path)
    with _open(path) as zf:
        try:
            check_zip(zf, max_total_bytes, archive_size=path.stat().st_size)
        except ArchiveError:
            return
        for info in zf.infolist():
            if info.is_dir():
                continue
            try:
                with zf.open(info) as src:
                    while src.read(_COPY):
                        pass
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
                raise CorruptArchiveError(f"entry {info.filename!r} is damaged ({exc})") from None


test_integrity.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


def extract(archive: str | os.PathLike, target: str | os.PathLike, *,
            max_total_bytes: int = MAX_TOTAL_BYTES, nested: bool = True,
            keep_inner_zips: bool = False, should_stop: Callable[[], bool] | None = None,
            progress: Callable[[int, int], None] | None = None) -> ExtractResult:
    """Extract ``archive`` into ``target`` (which must not exist, or be an empty folder).

    Everything goes to a hidden ``.<target>.extracting-*`` folder beside ``target``, renamed
    to ``target`` when complete. Raises an :class:`ArchiveError` subclass (nothing written)
    or :class:`ExtractionStopped`. ``progress(done_bytes, total_bytes)`` reports the outer
    archive's bytes.
    """
    archive, target = Path(archive), Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{target.name}.extracting-*"):  # a crashed earlier run
        shutil.rmtree(stale, ignore_errors=True)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ArchiveCollisionError(
            f"cannot extract {archive.name}: {target} already exists; move or rename it, "
            "then retry (nothing was extracted)")
    tmp = target.parent / f".{target.name}.extracting-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    root = tmp.resolve()
    job = _Extraction(max_total_bytes, nested, keep_inner_zips, should_stop, progress)
    try:
        job.unpack(archive, root, depth=0)
        files = [target / p.relative_to(root) for p in job.files]
        if target.exists():
            target.rmdir()  # the empty folder checked above
        os.rename(root, target)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return ExtractResult(target, files, job.total)


class _Extraction:
    def __init__(self, budget: int, nested: bool, keep_inner: bool,
                 should_stop: Callable[[], bool] | None,
                 progress: Callable[[int, int], None] | None) -> None:
        self.budget, self.nested, self.keep_inner = budget, nested, keep_inner
        self.should_stop, self.progress = should_stop, progress
        self.files: list[Path] = []
        self.total = 0

    def unpack(self, archive: Path, root: Path, depth: int) -> None:
        label = "archive" if depth == 0 else f"inner archive {archive.name!r}"
        with _open(archive) as zf:
            size = check_zip(zf, self.budget - self.total, archive_size=archive.stat().st_size,
                             label=label)
            try:
                fsutil.require_space(root, size, SPACE_MARGIN)
            except fsutil.NoSpaceError as exc:
                raise ArchiveSpaceError(f"cannot extract {archive.name}: {exc}") from None
            self.total += size
            inner = self._write_entries(zf, root, size, depth)
        for zpath in inner:
            sub = zpath.with_suffix("")
            try:
                sub.mkdir()
            except FileExistsError:
                raise ArchiveCollisionError(f"inner archive {zpath.name!r} would unpack into "
                                            f"{sub.name!r}, which already exists") from None
            self.unpack(zpath, sub.resolve(), depth + 1)
            if self.keep_inner:
                self.files.append(zpath)
            else:
                zpath.unlink()

    def _write_entries(self, zf: zipfile.ZipFile, root: Path, size: int,
                       depth: int) -> list[Path]:
        inner: list[Path] = []
        done = 0
        for info in zf.infolist():
            out = (root / Path(*_safe_name(info.filename).parts)).resolve()
            if out != root and root not in out.parents:
                raise UnsafeArchiveError(f"entry escapes the target: {info.filename!r}")
            if info.is_dir():
                out.mkdir(parents=True, exist_ok=True)
                continue
            out.parent.mkdir(parents=True, exist_ok=True)
            done += self._copy(zf, info, out)
            if self.progress is not None and depth == 0:
                self.progress(done, size)
            if self.nested and out.suffix.lower() == ".zip" and depth < MAX_DEPTH:
                inner.append(out)
            else:
                self.files.append(out)
        return inner

    def _copy(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, out: Path) -> int:
        written = 0
        try:
            with zf.open(info) as src, open(out, "xb") as dst:
                while data := src.read(_COPY):
                    if self.should_stop is not None and self.should_stop():
                        raise ExtractionStopped("stopped")
                    written += len(data)
                    if written > info.file_size:  # zipfile caps this; belt and braces
                        raise UnsafeArchiveError(f"entry {info.filename!r} is larger than "
                                                 "announced")
                    dst.write(data)
        except FileExistsError:
            raise ArchiveCollisionError(f"{info.filename!r} collides with a file already "
                                        "extracted") from None
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise CorruptArchiveError(f"entry {info.filename!r} is damaged ({exc})") from None
        except OSError as exc:
            if fsutil.is_no_space(exc):
                raise ArchiveSpaceError(
                    f"cannot extract: {fsutil.no_space_message(out.parent, info.file_size)}"
                ) from None
            raise
        return written
