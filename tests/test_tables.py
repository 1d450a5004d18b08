"""CSV tables are written atomically: a failure leaves neither a partial table nor a temp file."""

from __future__ import annotations

import pytest

from clms_toolbox.clms_plugin.analysis.engine.tables import atomic_csv


def test_table_appears_complete(tmp_path):
    target = tmp_path / "sub" / "areas.csv"
    with atomic_csv(target) as w:
        w.writerow(["code", "label"])
        w.writerow([1, "Forest land"])
        assert not target.exists()  # nothing under the final name while writing
    assert target.read_bytes() == b"code,label\r\n1,Forest land\r\n"
    assert [p.name for p in target.parent.iterdir()] == ["areas.csv"]


def test_failure_keeps_the_previous_table_and_leaves_no_temp(tmp_path):
    target = tmp_path / "matrix.csv"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_csv(target) as w:
        w.writerow(["half"])
        raise RuntimeError("cancelled")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["matrix.csv"]
