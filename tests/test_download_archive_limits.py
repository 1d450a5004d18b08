"""Archive limits across entries, free space, all-or-nothing extraction, clear collisions."""

from __future__ import annotations

import io
import os
import time
import warnings
import zipfile
import zlib

import pytest

from clms_toolbox.clms_plugin.download import archive, fsutil

MB = 1024 * 1024


def zip_bytes(entries, method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of some tests
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


def leftovers(folder):
    """Everything in ``folder`` except the archives the test put there."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".zip"))


def zeros_zip(path, entries: int, mb_each: int):
    """``entries`` × ``mb_each`` MB of zeros, ZIP_DEFLATED at level 9, a few MB on disk.

    zipfile writes the container; the deflate stream of one entry is computed once with
    zlib and reused, so 40 × 99 MB take ~1 s instead of deflating 3.9 GB (10-30 s here).
    """
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    zero = bytes(MB)
    blob = b"".join(c.compress(zero) for _ in range(mb_each)) + c.flush()
    crc = 0
    for _ in range(mb_each):
        crc = zlib.crc32(zero, crc)
    with zipfile.ZipFile(path, "w") as zf:
        for n in range(entries):
            info = zipfile.ZipInfo(f"Results/part{n:02d}.tif", date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.file_size, info.compress_size, info.CRC = mb_each * MB, len(blob), crc
            info.header_offset = zf.fp.tell()
            zf.fp.write(info.FileHeader())
            zf.fp.write(blob)
            zf.filelist.append(info)
            zf.NameToInfo[info.filename] = info
            zf.start_dir = zf.fp.tell()
    return path


def test_forty_entries_of_99mb_zeros_are_refused_writing_nothing(tmp_path):
    bomb = zeros_zip(tmp_path / "zeros.zip", 40, 99)
    assert bomb.stat().st_size < 5 * MB
    with zipfile.ZipFile(bomb) as zf:  # a valid zip; each entry is under the per-entry rule
        assert [i.file_size for i in zf.infolist()] == [99 * MB] * 40
        with zf.open("Results/part17.tif") as src:  # really 99 MB of zeros, CRC checked
            assert sum(len(b) for b in iter(lambda: src.read(8 * MB), b"")) == 99 * MB
    target = tmp_path / "zeros"
    t0 = time.perf_counter()
    with pytest.raises(archive.UnsafeArchiveError, match=r"expands \d+x in total"):
        archive.extract(bomb, target)
    refused_in = time.perf_counter() - t0
    print(f"40 x 99 MB zeros refused in {refused_in * 1000:.1f} ms")
    assert refused_in < 1.0  # refused from the directory, nothing inflated
    assert leftovers(tmp_path) == []
    archive.test_integrity(bomb)  # readable, so not "damaged": refused by the cap


def test_many_small_zero_entries_streamed_by_zipfile_are_refused(tmp_path):
    """The same attack built by zipfile's own streaming writer (40 × 3 MB, 120 MB)."""
    path = tmp_path / "streamed.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for n in range(40):
            with zf.open(f"Results/part{n:02d}.tif", "w") as dst:
                for _ in range(3):
                    dst.write(bytes(MB))
    with pytest.raises(archive.UnsafeArchiveError, match=r"expands \d+x in total"):
        archive.extract(path, tmp_path / "streamed")
    assert leftovers(tmp_path) == []


def test_total_cap_spans_inner_archives(tmp_path):
    inner = zip_bytes([("a.bin", os.urandom(200_000))], zipfile.ZIP_STORED)
    outer = tmp_path / "o.zip"
    outer.write_bytes(zip_bytes([("Results/one.zip", inner), ("Results/two.zip", inner)],
                                zipfile.ZIP_STORED))
    with pytest.raises(archive.UnsafeArchiveError, match="inner archive 'two.zip' expands to "
                                                         "more than"):
        archive.extract(outer, tmp_path / "o", max_total_bytes=650_000)
    assert leftovers(tmp_path) == []  # not even the first inner archive's files


def test_refused_inner_archive_leaves_nothing(tmp_path):
    evil = zip_bytes([("../../escape.txt", b"x")])
    outer = tmp_path / "r.zip"
    outer.write_bytes(zip_bytes([("Results/readme.txt", b"fine"), ("Results/in.zip", evil)]))
    with pytest.raises(archive.UnsafeArchiveError, match="path traversal"):
        archive.extract(outer, tmp_path / "r")
    assert leftovers(tmp_path) == []
    assert not list(tmp_path.rglob("escape.txt"))


def test_inner_bomb_is_refused(tmp_path):
    zeros = zip_bytes([(f"z{n}.bin", bytes(60 * MB)) for n in range(2)])
    outer = tmp_path / "b.zip"
    outer.write_bytes(zip_bytes([("Results/in.zip", zeros)], zipfile.ZIP_STORED))
    with pytest.raises(archive.UnsafeArchiveError, match="inner archive 'in.zip' expands"):
        archive.extract(outer, tmp_path / "b")
    assert leftovers(tmp_path) == []


def test_free_space_is_checked_before_writing(tmp_path, monkeypatch):
    z = tmp_path / "s.zip"
    z.write_bytes(zip_bytes([("a.tif", os.urandom(3 * MB))]))
    monkeypatch.setattr(fsutil, "free_bytes", lambda _folder: 10 * MB)
    with pytest.raises(archive.ArchiveSpaceError, match=r"no space left on .* \(needs 3 MB\)"):
        archive.extract(z, tmp_path / "s")
    assert leftovers(tmp_path) == []


def test_disk_full_while_extracting_leaves_nothing(tmp_path, monkeypatch):
    z = tmp_path / "d.zip"
    z.write_bytes(zip_bytes([("a.tif", os.urandom(2 * MB)), ("b.tif", os.urandom(2 * MB))]))
    real_open = open

    class Full(io.FileIO):
        def write(self, data):
            raise OSError(28, "No space left on device")

    def fake_open(path, mode="r", *a, **kw):
        if "x" in mode and str(path).endswith("b.tif"):
            return Full(path, "xb")
        return real_open(path, mode, *a, **kw)

    monkeypatch.setattr(archive, "open", fake_open, raising=False)
    with pytest.raises(archive.ArchiveSpaceError, match=r"no space left on .*needs 2 MB"):
        archive.extract(z, tmp_path / "d")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("entries, message", [
    ([("a/b.tif", b"1"), ("a/b.tif", b"2")], "holds 'a/b.tif' twice"),
    ([("a/b.tif", b"1"), ("a//b.tif", b"2")], "holds 'a/b.tif' twice"),
    ([("x", b"file"), ("x/y.tif", b"2")], "both a file and a folder named 'x'"),
    ([("Data/A.tif", b"1"), ("data/a.tif", b"2")], "differ only in letter case"),
    ([("Results/t.zip", zip_bytes([("f.tif", b"1")])), ("Results/t/f.tif", b"2")],
     "inner archive 'Results/t.zip' would unpack into 'Results/t'"),
])
def test_name_collisions_are_reported_clearly(tmp_path, entries, message):
    z = tmp_path / "c.zip"
    z.write_bytes(zip_bytes(entries))
    with pytest.raises(archive.ArchiveCollisionError, match=message):
        archive.extract(z, tmp_path / "c")
    assert leftovers(tmp_path) == []


def test_existing_target_is_a_collision_not_a_merge(tmp_path):
    z = tmp_path / "t.zip"
    z.write_bytes(zip_bytes([("a.tif", b"new")]))
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.tif").write_bytes(b"mine")
    with pytest.raises(archive.ArchiveCollisionError, match="already exists; move or rename"):
        archive.extract(z, tmp_path / "t")
    assert (tmp_path / "t" / "a.tif").read_bytes() == b"mine"
    (tmp_path / "t" / "a.tif").unlink()  # an empty folder is fine
    res = archive.extract(z, tmp_path / "t")
    assert res.files == [tmp_path / "t" / "a.tif"] and res.files[0].read_bytes() == b"new"


def test_damaged_entry_and_non_zip_are_corrupt(tmp_path):
    good = zip_bytes([("a.tif", b"A" * 5000)], zipfile.ZIP_STORED)
    pos = good.index(b"A" * 100)
    z = tmp_path / "bad.zip"
    z.write_bytes(good[:pos] + b"B" + good[pos + 1:])  # one flipped byte: CRC mismatch
    with pytest.raises(archive.CorruptArchiveError, match="'a.tif' is damaged"):
        archive.test_integrity(z)
    with pytest.raises(archive.CorruptArchiveError, match="damaged"):
        archive.extract(z, tmp_path / "bad")
    html = tmp_path / "page.zip"
    html.write_bytes(b"<html>502 Bad Gateway</html>")
    with pytest.raises(archive.CorruptArchiveError, match="not a readable zip archive"):
        archive.test_integrity(html)
    truncated = tmp_path / "cut.zip"
    truncated.write_bytes(good[: len(good) // 2])
    with pytest.raises(archive.CorruptArchiveError):
        archive.test_integrity(truncated)
    assert leftovers(tmp_path) == []


def test_stop_and_stale_temporary_folders(tmp_path):
    z = tmp_path / "p.zip"
    z.write_bytes(zip_bytes([(f"f{n}.tif", os.urandom(MB)) for n in range(4)]))
    calls = {"n": 0}

    def stop():
        calls["n"] += 1
        return calls["n"] > 2

    with pytest.raises(archive.ExtractionStopped):
        archive.extract(z, tmp_path / "p", should_stop=stop)
    assert leftovers(tmp_path) == []
    (tmp_path / ".p.extracting-dead0000").mkdir()  # left by a killed process
    (tmp_path / ".p.extracting-dead0000" / "f0.tif").write_bytes(b"half")
    seen = []
    res = archive.extract(z, tmp_path / "p", progress=lambda d, t: seen.append((d, t)))
    assert leftovers(tmp_path) == ["p"] and len(res.files) == 4
    assert seen[-1] == (4 * MB, 4 * MB)
