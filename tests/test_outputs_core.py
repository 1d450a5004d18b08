"""engine.outputs (QGIS-free): guards, staging, all-or-nothing commit, stale partial files;
and the registry's dependency gate."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from clms_toolbox.clms_plugin.analysis.engine import outputs
from clms_toolbox.clms_plugin.analysis.engine.errors import OutputError
from clms_toolbox.clms_plugin.analysis.engine.outputs import OutputRequest, OutputSet


def _req(param: str, path: Path, kind: str = "file") -> OutputRequest:
    return OutputRequest(param, str(path), kind)


def test_partial_names_say_what_they_are(tmp_path):
    name = outputs.partial_name(tmp_path / "occurrence.tif").name
    assert name.startswith(".occurrence.tif.clms-partial-") and name.endswith(".tif")
    assert f"-{os.getpid()}-" in name


def test_hard_link_to_the_input_is_refused(tmp_path):
    src = tmp_path / "in.tif"
    src.write_bytes(b"input")
    os.link(src, tmp_path / "hard.tif")
    with pytest.raises(OutputError) as err:
        OutputSet([_req("OUTPUT", tmp_path / "hard.tif", "raster")], {"INPUT": [str(src)]})
    assert err.value.parameter == "OUTPUT" and "INPUT" in err.value.message


def test_staged_paths_are_hidden_siblings_and_nothing_is_created(tmp_path):
    outs = OutputSet([_req("A", tmp_path / "a.tif", "raster"), _req("B", tmp_path / "b.csv")])
    assert set(outs.staged) == {"A", "B"}
    for staged in outs.staged.values():
        assert Path(staged).parent == tmp_path and Path(staged).name.startswith(".")
    assert list(tmp_path.iterdir()) == []  # the writability probe is gone


def test_commit_is_all_or_nothing(tmp_path, monkeypatch):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("old a")
    b.write_text("old b")
    outs = OutputSet([_req("A", a), _req("B", b)])
    for staged in outs.staged.values():
        Path(staged).write_text("new")
    real = os.replace

    def failing(src, dst):
        if Path(dst) == b and outputs.PARTIAL_TAG in str(src):  # the staged file, once
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(outputs.os, "replace", failing)
    with pytest.raises(OSError):
        outs.commit()
    monkeypatch.setattr(outputs.os, "replace", real)
    assert a.read_text() == "old a" and b.read_text() == "old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv"]


def test_commit_replaces_and_drops_stale_aux(tmp_path):
    final = tmp_path / "x.tif"
    final.write_bytes(b"old")
    Path(str(final) + ".aux.xml").write_text("stale statistics")
    outs = OutputSet([_req("OUTPUT", final, "raster")])
    Path(outs.staged["OUTPUT"]).write_bytes(b"new")
    assert outs.commit() == {"OUTPUT": str(final)}
    assert final.read_bytes() == b"new" and not Path(str(final) + ".aux.xml").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.tif"]


def test_abort_removes_staged_files_and_writer_temporaries(tmp_path):
    outs = OutputSet([_req("OUTPUT", tmp_path / "x.tif", "raster")])
    staged = Path(outs.staged["OUTPUT"])
    staged.write_bytes(b"half")
    Path(str(staged) + ".aux.xml").write_text("x")
    outputs.partial_name(staged).write_bytes(b"the writer's own temporary")
    outs.abort()
    assert list(tmp_path.iterdir()) == []


def test_stale_partials_of_dead_runs_only(tmp_path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    old = time.time() - 100
    files = {
        "dead_old": tmp_path / f".a.tif.clms-partial-{dead.pid}-00000000.tif",
        "live_old": tmp_path / f".b.tif.clms-partial-{os.getppid()}-00000000.tif",
        "dead_young": tmp_path / f".c.tif.clms-partial-{dead.pid}-00000001.tif",
        "user_file": tmp_path / ".hidden-but-mine.tif",
    }
    for key, path in files.items():
        path.write_bytes(b"x")
        if key != "dead_young":
            os.utime(path, (old, old))
    removed = outputs.remove_stale_partials(tmp_path, time.time() - 10)
    assert removed == [files["dead_old"]]
    assert all(files[k].exists() for k in ("live_old", "dead_young", "user_file"))


def test_registry_leaves_out_algorithms_whose_library_is_missing(monkeypatch):
    """The gate is checked before importing: without rasterio no algorithm is registered."""
    import importlib

    from clms_toolbox.processing_provider import registry

    imported: list[str] = []
    monkeypatch.setattr(registry, "has_module", lambda name: name != "rasterio")
    monkeypatch.setattr(importlib, "import_module",
                        lambda name, package=None: imported.append((name, package)))
    classes, problems = registry.algorithm_classes()
    assert classes == [] and imported == []
    assert len(problems) == len(registry.ALGORITHM_MODULES)
    assert all("rasterio is not installed" in p for p in problems)


def test_a_table_sink_is_checked_and_staged(tmp_path):
    """Tables QGIS writes (feature sinks) may not hit an input or another output, and are
    staged like the rest, so a failed run keeps the old table; a ZIP-based format's staged
    name holds its extension once (GDAL would read "m.xlsx.…" as a path inside m.xlsx)."""
    src = tmp_path / "in.csv"
    src.write_text("x")
    with pytest.raises(OutputError, match="the input MAPPING"):
        OutputSet([_req("TABLE", src, "sink")], {"MAPPING": [str(src)]})
    with pytest.raises(OutputError, match="also the output TABLE"):
        OutputSet([_req("TABLE", tmp_path / "t.csv", "sink"), _req("CSV", tmp_path / "t.csv")])
    outs = OutputSet([_req("TABLE", tmp_path / "t.csv", "sink"),
                      _req("SHEET", tmp_path / "m.xlsx", "sink")])
    assert set(outs.staged) == {"TABLE", "SHEET"}
    assert Path(outs.staged["SHEET"]).name.count(".xlsx") == 1
    Path(outs.staged["TABLE"]).write_text("a\n1\n")
    Path(outs.staged["TABLE"]).with_suffix(".csvt").write_text('"Real"\n')
    assert outs.commit() == {"TABLE": str(tmp_path / "t.csv")}
    assert (tmp_path / "t.csvt").read_text() == '"Real"\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "t.csv", "t.csvt"]
