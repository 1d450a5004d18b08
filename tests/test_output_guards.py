"""Outputs that never destroy data, for every algorithm, through processing.run and qgis_process.

Each test runs every algorithm on tiny inputs (tests/_alg_cases.py): output = input is
refused with the input unchanged, two outputs on one path are refused, an unwritable folder is
a message naming the output parameter (no traceback), a failed or cancelled run leaves no
file, and a replaced output loses its stale .aux.xml.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from _alg_cases import ALG_IDS, SINGLE_OUTPUT, make_case, write_float
from qgis.core import QgsProcessingException, QgsProcessingFeedback


def _sha(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


def _partials(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob(".*") if "clms-" in p.name]


class _Log(QgsProcessingFeedback):
    """Feedback that keeps the warnings, so a test can assert one was given."""

    def __init__(self) -> None:
        super().__init__()
        self.warnings: list[str] = []

    def pushWarning(self, text):  # noqa: N802
        self.warnings.append(text)
        super().pushWarning(text)


def _run(case_or_id, params, feedback=None):
    import processing

    alg_id = case_or_id if isinstance(case_or_id, str) else case_or_id.alg_id
    return processing.run(f"clms:{alg_id}", params, feedback=feedback)


@pytest.mark.parametrize("alg_id", ALG_IDS)
def test_output_equal_to_input_is_refused(provider, tmp_path, alg_id):  # noqa: ARG001
    case = make_case(alg_id, tmp_path)
    in_param, in_path = case.input_file()
    before = _sha(in_path)
    out_param = case.outputs[0]
    with pytest.raises(QgsProcessingException) as err:
        _run(case, {**case.params, out_param: in_path})
    msg = str(err.value)
    assert msg.startswith(f"{out_param}:") and in_param in msg, msg
    assert _sha(in_path) == before
    assert not _partials(tmp_path)
    assert _files(case.out_dir) == set()


def test_output_through_a_symlink_to_the_input_is_refused(provider, tmp_path):  # noqa: ARG001
    case = make_case("landcovertoipcc", tmp_path)
    link = case.out_dir / "link.tif"
    link.symlink_to(case.params["INPUT"])
    before = _sha(case.params["INPUT"])
    with pytest.raises(QgsProcessingException, match="OUTPUT: .*the input INPUT"):
        _run(case, {**case.params, "OUTPUT": str(link)})
    assert _sha(case.params["INPUT"]) == before


def test_output_equal_to_an_input_table_is_refused(provider, tmp_path):  # noqa: ARG001
    """A CSV input (MAPPING) is an input too: the area table must not overwrite it."""
    case = make_case("landcovertoipcc", tmp_path)
    mapping = tmp_path / "in" / "mapping.csv"
    mapping.write_text("source_code,ipcc_code\n20,3\n", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="AREA_TABLE: .*MAPPING"):
        _run(case, {**case.params, "MAPPING": str(mapping), "AREA_TABLE": str(mapping)})
    assert mapping.read_text(encoding="utf-8") == "source_code,ipcc_code\n20,3\n"


@pytest.mark.parametrize("alg_id", [a for a in ALG_IDS if a not in SINGLE_OUTPUT])
def test_two_outputs_on_one_path_are_refused(provider, tmp_path, alg_id):  # noqa: ARG001
    case = make_case(alg_id, tmp_path)
    first, second = case.outputs[0], case.outputs[1]
    with pytest.raises(QgsProcessingException) as err:
        _run(case, {**case.params, second: case.params[first]})
    msg = str(err.value)
    assert msg.startswith(f"{second}:") and first in msg, msg
    assert _files(case.out_dir) == set() and not _partials(tmp_path)


@pytest.mark.parametrize("alg_id", ALG_IDS)
def test_unwritable_folder_names_the_output(provider, tmp_path, alg_id):  # noqa: ARG001
    case = make_case(alg_id, tmp_path)
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where the output folder should be")
    for out_param in case.outputs:
        target = str(blocker / Path(case.params[out_param]).name)
        with pytest.raises(QgsProcessingException) as err:
            _run(case, {**case.params, out_param: target})
        msg = str(err.value)
        assert msg.startswith(f"{out_param}:") and "Traceback" not in msg, msg
    assert _files(case.out_dir) == set() and not _partials(tmp_path)


@pytest.mark.parametrize("alg_id", ALG_IDS)
def test_unwritable_folder_through_qgis_process(qgis_process_env, tmp_path, alg_id):
    """/proc exists but takes no new file, even for root: the message names the output."""
    case = make_case(alg_id, tmp_path)
    out_param = case.outputs[-1]
    params = {**case.params, out_param: f"/proc/clms-{alg_id}{Path(case.params[out_param]).suffix}"}
    result = subprocess.run(["qgis_process", "--json", "run", f"clms:{alg_id}", "-"],
                            input=json.dumps({"inputs": params}), env=qgis_process_env,
                            capture_output=True, text=True, timeout=120)
    text = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"{out_param}: cannot write in the folder '/proc'" in text, text
    assert "Traceback" not in text, text
    assert _files(case.out_dir) == set()


def test_output_equal_to_input_through_qgis_process(qgis_process_env, tmp_path):
    case = make_case("watersurfacechange", tmp_path)
    victim = case.inputs["EPOCH2"][1]
    before = _sha(victim)
    params = {**case.params, "OCCURRENCE2": victim}
    result = subprocess.run(["qgis_process", "--json", "run", "clms:watersurfacechange", "-"],
                            input=json.dumps({"inputs": params}), env=qgis_process_env,
                            capture_output=True, text=True, timeout=120)
    text = result.stdout + result.stderr
    assert result.returncode != 0 and "OCCURRENCE2:" in text and "EPOCH2" in text, text
    assert _sha(victim) == before


@pytest.mark.parametrize("alg_id", ALG_IDS)
def test_failed_run_leaves_no_output_and_keeps_old_ones(provider, tmp_path, alg_id,
                                                        monkeypatch):  # noqa: ARG001
    """A failure after the core wrote every staged output: nothing is renamed, old results
    stay byte for byte, no temporary file is left."""
    from clms_toolbox.processing_provider.registry import algorithm_classes

    case = make_case(alg_id, tmp_path)
    for param in case.outputs:
        Path(case.params[param]).write_bytes(b"previous result " + param.encode())
    cls = next(c for c in algorithm_classes()[0] if c.ALG_ID == alg_id)
    real = cls.run_core

    def failing(self, *args):
        real(self, *args)
        assert all(Path(self.out(p)).exists() for p in case.outputs)
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(cls, "run_core", failing)
    with pytest.raises(QgsProcessingException, match="disk full"):
        _run(case, case.params)
    for param in case.outputs:
        assert Path(case.params[param]).read_bytes() == b"previous result " + param.encode()
    assert not _partials(tmp_path)


@pytest.mark.parametrize("alg_id", ALG_IDS)
def test_cancelled_run_leaves_nothing(provider, tmp_path, alg_id):  # noqa: ARG001
    case = make_case(alg_id, tmp_path)
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    with pytest.raises(QgsProcessingException, match="Cancelled: no output was written"):
        _run(case, case.params, feedback)
    assert _files(case.out_dir) == set() and not _partials(tmp_path)


def test_overwrite_removes_stale_aux_xml(provider, tmp_path):  # noqa: ARG001
    case = make_case("landcovertoipcc", tmp_path)
    out = Path(case.params["OUTPUT"])
    out.write_bytes(b"old")
    aux = Path(str(out) + ".aux.xml")
    aux.write_text("<PAMDataset><Metadata><MDI key='STATISTICS_MAXIMUM'>99</MDI></Metadata>"
                   "</PAMDataset>")
    _run(case, case.params)
    assert out.read_bytes()[:2] in (b"II", b"MM")  # a GeoTIFF now
    assert not aux.exists() or "STATISTICS_MAXIMUM'>99" not in aux.read_text()


@pytest.mark.parametrize("name", ["x.gpkg", "x.png"])
def test_raster_output_that_would_not_be_geotiff_is_refused(provider, tmp_path, name):  # noqa: ARG001
    case = make_case("landcovertoipcc", tmp_path)
    with pytest.raises(QgsProcessingException, match=r"OUTPUT: .*GeoTIFF.*\.tif"):
        _run(case, {**case.params, "OUTPUT": str(case.out_dir / name)})
    assert _files(case.out_dir) == set()


def test_next_run_removes_dead_runs_partials_only(provider, tmp_path):  # noqa: ARG001
    case = make_case("landcovertoipcc", tmp_path)
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = case.out_dir / f".ipcc.tif.clms-partial-{dead.pid}-0badc0de.tif"
    live = case.out_dir / f".ipcc.tif.clms-partial-{os.getppid()}-0badc0de.tif"
    young = case.out_dir / f".other.tif.clms-partial-{dead.pid}-0badc0df.tif"
    for p in (stale, live, young):
        p.write_bytes(b"partial")
    past = time.time() - 60
    for p in (stale, live):
        os.utime(p, (past, past))
    future = time.time() + 3600  # written "after" this run started: a run in progress
    os.utime(young, (future, future))
    _run(case, case.params)
    assert not stale.exists() and live.exists() and young.exists()


def test_float_water_maps_are_refused(provider, tmp_path):  # noqa: ARG001
    case = make_case("watersurfacechange", tmp_path)
    floats = [write_float(tmp_path / "in" / f"ndvi_{i}.tif") for i in range(2)]
    with pytest.raises(QgsProcessingException, match="EPOCH1: .*float32.*encoding"):
        _run(case, {**case.params, "EPOCH1": floats})
    case = make_case("watertransitions", tmp_path / "t")
    with pytest.raises(QgsProcessingException, match="INPUT: .*float32"):
        _run(case, {**case.params, "INPUT": floats})


def test_extra_bands_are_reported(provider, tmp_path):  # noqa: ARG001
    import numpy as np
    from _alg_cases import _write

    case = make_case("landusechange", tmp_path)
    two = _write(tmp_path / "in" / "two_bands.tif", np.ones((2, 8, 8)))
    log = _Log()
    _run(case, {**case.params, "FINAL": two}, log)
    assert any("FINAL has 2 bands" in w for w in log.warnings), log.warnings


def test_areas_without_crs_are_a_warning(provider, tmp_path):  # noqa: ARG001
    import numpy as np
    from _alg_cases import _write

    case = make_case("landcovertoipcc", tmp_path)
    src = _write(tmp_path / "in" / "nocrs.tif", np.full((8, 8), 40), crs=None)
    log = _Log()
    _run(case, {**case.params, "INPUT": src}, log)
    assert any("AREA_TABLE: the input raster has no CRS" in w for w in log.warnings), log.warnings


def test_sdg_matrix_error_names_matrix(provider, tmp_path):  # noqa: ARG001
    case = make_case("sdg1531landcover", tmp_path)
    matrix = tmp_path / "in" / "m5.csv"
    rows = ["initial\\final,1,2,3,4,5"] + [f"{i},0,0,0,0,0" for i in range(1, 6)]
    matrix.write_text("\n".join(rows) + "\n", encoding="utf-8")
    lc = make_case("landcovertoipcc", tmp_path / "lc").params["INPUT"]  # LC100 codes
    # the LC100 -> UNCCD mapping yields classes 6 and 7, which a 5-class matrix lacks: the
    # matrix is what the user supplied, so the message must name MATRIX (it said MAPPING)
    with pytest.raises(QgsProcessingException, match="^MATRIX: .*degradation matrix"):
        _run(case, {**case.params, "INITIAL": lc, "FINAL": lc, "LEGEND": 1,
                    "MATRIX": str(matrix)})


def test_sigkilled_run_leaves_named_partials_that_the_next_run_removes(qgis_process_env,
                                                                       provider, tmp_path):  # noqa: ARG001
    """SIGKILL cannot be cleaned up after: the leftovers say what they are, and the next run
    into the folder removes them (their process is gone and they are older than that run)."""
    import re

    case = make_case("phenology", tmp_path, size=128, bands=360)
    env = {**qgis_process_env, "CLMS_MEMORY_BUDGET_MB": "1"}
    params = {**case.params, "PROFILE": None}
    proc = subprocess.Popen(["qgis_process", "--json", "run", "clms:phenology", "-"],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env, text=True)
    proc.stdin.write(json.dumps({"inputs": params}))
    proc.stdin.close()
    deadline = time.time() + 60
    while time.time() < deadline and not _partials(case.out_dir):
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    left = _partials(case.out_dir)
    assert left, "the run ended before a partial file appeared"
    assert all(re.match(r"\.phen\.tif\.clms-partial-\d+-[0-9a-f]{8}\.tif", n) for n in left), left
    assert not Path(case.params["OUTPUT"]).exists()
    time.sleep(0.05)
    ipcc = make_case("landcovertoipcc", tmp_path / "next")
    _run(ipcc, {**ipcc.params, "OUTPUT": str(case.out_dir / "ipcc.tif")})
    assert _partials(case.out_dir) == [] and (case.out_dir / "ipcc.tif").exists()
