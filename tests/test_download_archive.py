"""Safe extraction: zip-slip, absolute paths and links refused; nested CLMS Results/ zips."""

from __future__ import annotations

import io
import stat
import zipfile

import pytest

from clms_toolbox.clms_plugin.download import archive


def make_zip(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            if isinstance(name, zipfile.ZipInfo):
                zf.writestr(name, data)
            else:
                zf.writestr(name, data)
    return path


def listing(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.mark.parametrize("evil", ["../evil.txt", "a/../../evil.txt", "/tmp/evil_abs.txt",
                                  "C:/evil.txt", "..\\evil.txt"])
def test_traversal_and_absolute_paths_refused(tmp_path, evil):
    z = make_zip(tmp_path / "bad.zip", [("good.tif", b"x" * 10), (evil, b"owned")])
    target = tmp_path / "target"
    with pytest.raises(archive.UnsafeArchiveError):
        archive.extract(z, target)
    assert listing(target) == []  # nothing written, not even the good entry
    assert not (tmp_path / "evil.txt").exists()


def test_symlink_entry_refused(tmp_path):
    info = zipfile.ZipInfo("link")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    z = make_zip(tmp_path / "link.zip", [(info, "/etc/passwd")])
    with pytest.raises(archive.UnsafeArchiveError, match="symbolic link"):
        archive.extract(z, tmp_path / "t")
    assert listing(tmp_path / "t") == []


def test_total_size_bounded(tmp_path):
    z = make_zip(tmp_path / "big.zip", [("a.bin", b"\0" * 200_000), ("b.bin", b"\0" * 200_000)])
    with pytest.raises(archive.UnsafeArchiveError, match="more than"):
        archive.extract(z, tmp_path / "t", max_total_bytes=300_000)
    assert listing(tmp_path / "t") == []


def test_clms_results_layout_nested(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("LC100_2019/W080N20_PROBAV_LC100_global_v3.0.1_2019-nrt_"
                    "Discrete-Classification-map_EPSG-4326.tif", b"II*\0fake")
        zf.writestr("LC100_2019/metadata.xml", b"<xml/>")
    outer = make_zip(tmp_path / "4050.zip", [("Results/12345_LC100.zip", inner.getvalue()),
                                            ("Results/readme.txt", b"hello")])
    res = archive.extract(outer, tmp_path / "t")
    names = sorted(p.name for p in res.files)
    assert names == ["W080N20_PROBAV_LC100_global_v3.0.1_2019-nrt_Discrete-Classification-"
                     "map_EPSG-4326.tif", "metadata.xml", "readme.txt"]
    assert [p.name for p in res.rasters()] == [names[0]]
    assert not (tmp_path / "t" / "Results" / "12345_LC100.zip").exists()
    assert all((tmp_path / "t") in p.parents for p in res.files)


def test_nested_zip_slip_refused(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("../../../escape.txt", b"x")
    outer = make_zip(tmp_path / "o.zip", [("Results/in.zip", inner.getvalue())])
    with pytest.raises(archive.UnsafeArchiveError):
        archive.extract(outer, tmp_path / "t")
    assert not list(tmp_path.rglob("escape.txt"))
