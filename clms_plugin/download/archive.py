"""Safe extraction of downloaded archives (CLMS results are zips, often zips in zips).

Why: a zip entry named ``../../.bashrc`` or ``/etc/x`` or a symlink pointing outside the
target would let a download write anywhere ("zip slip"); a small zip can expand to terabytes
("zip bomb"). Every entry is checked *before* anything is written; a refused archive writes
nothing. CLMS results come as an outer zip whose ``Results/`` folder holds one or more inner
zips (XC ``download_zip_data``): inner zips are extracted the same way, into a folder named
after them, up to a fixed depth. QGIS-free.
"""

from __future__ import annotations

import os
import shutil
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MAX_TOTAL_BYTES = 50 * 1024**3  # 50 GiB of uncompressed data per archive tree
MAX_MEMBERS = 100_000
MAX_RATIO = 200  # uncompressed/compressed per entry beyond which it is treated as a bomb
MAX_DEPTH = 3
DATA_SUFFIXES = (".tif", ".tiff", ".nc", ".gpkg", ".shp", ".geojson", ".json", ".gml", ".vrt",
                 ".img", ".jp2", ".csv", ".xml", ".qml", ".sld", ".dbf", ".txt", ".pdf")


class UnsafeArchiveError(ValueError):
    """The archive would write outside the target, holds links, or is too large."""


@dataclass
class ExtractResult:
    target: Path
    files: list[Path] = field(default_factory=list)  # every extracted non-zip file
    total_bytes: int = 0

    def rasters(self) -> list[Path]:
        return [p for p in self.files if p.suffix.lower() in (".tif", ".tiff", ".nc", ".img",
                                                               ".jp2", ".vrt")]


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


def check_zip(zf: zipfile.ZipFile, budget: int, max_members: int = MAX_MEMBERS) -> int:
    """Validate every entry; return the total uncompressed size. Writes nothing."""
    infos = zf.infolist()
    if len(infos) > max_members:
        raise UnsafeArchiveError(f"archive has {len(infos)} entries (limit {max_members})")
    total = 0
    for info in infos:
        _safe_name(info.filename)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise UnsafeArchiveError(f"symbolic link in archive: {info.filename!r}")
        if info.is_dir():
            continue
        total += info.file_size
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and \
                info.file_size > 100 * 1024 * 1024:
            raise UnsafeArchiveError(
                f"entry {info.filename!r} expands {info.file_size // info.compress_size}x")
        if total > budget:
            raise UnsafeArchiveError(
                f"archive expands to more than {budget} bytes; extraction refused")
    return total


def extract(archive: str | os.PathLike, target: str | os.PathLike, *,
            max_total_bytes: int = MAX_TOTAL_BYTES, nested: bool = True,
            keep_inner_zips: bool = False) -> ExtractResult:
    """Extract ``archive`` into ``target`` safely; nested zips are unpacked beside themselves.

    Raises :class:`UnsafeArchiveError` (nothing of that archive is written) or
    ``zipfile.BadZipFile`` for a damaged file.
    """
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    result = ExtractResult(target)
    _extract_into(Path(archive), target.resolve(), result, max_total_bytes, nested,
                  keep_inner_zips, depth=0)
    return result


def _extract_into(archive: Path, root: Path, result: ExtractResult, budget: int, nested: bool,
                  keep_inner: bool, depth: int) -> None:
    with zipfile.ZipFile(archive) as zf:
        size = check_zip(zf, budget - result.total_bytes)
        result.total_bytes += size
        inner: list[Path] = []
        for info in zf.infolist():
            rel = _safe_name(info.filename)
            out = (root / Path(*rel.parts)).resolve()
            if out != root and root not in out.parents:
                raise UnsafeArchiveError(f"entry escapes the target: {info.filename!r}")
            if info.is_dir():
                out.mkdir(parents=True, exist_ok=True)
                continue
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_name(out.name + ".extracting")
            with zf.open(info) as src, open(tmp, "wb") as dst:
                shutil.copyfileobj(src, dst, 1024 * 1024)
            os.replace(tmp, out)
            if nested and out.suffix.lower() == ".zip" and depth < MAX_DEPTH:
                inner.append(out)
            else:
                result.files.append(out)
    for zpath in inner:
        sub = zpath.with_suffix("")
        sub.mkdir(exist_ok=True)
        _extract_into(zpath, sub.resolve(), result, budget, nested, keep_inner, depth + 1)
        if not keep_inner:
            zpath.unlink()
        else:
            result.files.append(zpath)
