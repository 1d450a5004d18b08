"""One cancel policy for every algorithm, and its latency.

Policy (README "Development"): the core polls the feedback between windows; a cancelled run
raises ``QgsProcessingException("Cancelled: no output was written.")`` and leaves no output
and no temporary file. Each run here is cut into many windows (a small memory budget), the
feedback cancels at the first progress report, and the test measures how long the run takes
to stop: it must answer within about a second, also on a deep phenology stack.
"""

from __future__ import annotations

import time

import pytest
from _alg_cases import ALG_IDS, make_case
from qgis.core import QgsProcessingException, QgsProcessingFeedback

LATENCY_LIMIT_S = 1.0
LATENCIES: dict[str, float] = {}


class _CancelAtFirstProgress(QgsProcessingFeedback):
    """Cancels as soon as the run reports progress (after its first window)."""

    def __init__(self) -> None:
        super().__init__()
        self.cancelled_at: float | None = None
        self.progress_at_cancel: float | None = None

    def setProgress(self, progress):  # noqa: N802
        super().setProgress(progress)
        if self.cancelled_at is None and progress > 0:
            self.progress_at_cancel = progress
            self.cancelled_at = time.perf_counter()
            self.cancel()


# (size in px, bands of the phenology stack, memory budget in MiB): many windows, small data
_SHAPES = {alg: (512, 0, 0.25) for alg in ALG_IDS}
_SHAPES["phenology"] = (48, 36, 0.25)


def _cancel(alg_id: str, folder, size: int, bands: int, budget_mib: float, monkeypatch
            ) -> tuple[float, float]:
    import processing

    monkeypatch.setenv("CLMS_MEMORY_BUDGET_MB", str(budget_mib))
    case = make_case(alg_id, folder, size=size, bands=bands or 36)
    feedback = _CancelAtFirstProgress()
    with pytest.raises(QgsProcessingException, match="Cancelled: no output was written"):
        processing.run(f"clms:{alg_id}", case.params, feedback=feedback)
    stopped = time.perf_counter()
    assert feedback.cancelled_at is not None, "the run reported no progress before finishing"
    assert feedback.progress_at_cancel < 100, "one window only: nothing left to cancel"
    assert not [p for p in case.out_dir.iterdir()], "a cancelled run left files"
    assert not [p for p in folder.rglob(".*") if "clms-" in p.name]
    return stopped - feedback.cancelled_at, feedback.progress_at_cancel


@pytest.mark.parametrize("alg_id", ALG_IDS)
def test_cancel_answers_within_a_second(provider, tmp_path, monkeypatch, alg_id):  # noqa: ARG001
    size, bands, budget = _SHAPES[alg_id]
    latency, at = _cancel(alg_id, tmp_path, size, bands, budget, monkeypatch)
    LATENCIES[alg_id] = latency
    print(f"cancel latency {alg_id}: {latency * 1000:.0f} ms (cancelled at {at:.1f} %)")
    assert latency < LATENCY_LIMIT_S, f"{alg_id}: {latency:.2f} s to stop after cancel"


def test_cancel_on_a_deep_phenology_stack(provider, tmp_path, monkeypatch):  # noqa: ARG001
    """Hundreds of dates: a window holds the whole time axis, so its size follows the memory
    budget and the between-window check answers quickly."""
    latency, at = _cancel("phenology", tmp_path, 96, 360, 2.0, monkeypatch)
    print(f"cancel latency phenology 360 bands: {latency * 1000:.0f} ms (at {at:.1f} %)")
    assert latency < LATENCY_LIMIT_S


def test_cancel_inside_one_deep_window(provider, tmp_path, monkeypatch):  # noqa: ARG001
    """Default budget: a 128×128×360 stack is one window the kernel needs >1 s for. A cancel
    as the kernel starts must still stop the run within a second."""
    import processing

    from clms_toolbox.clms_plugin.analysis.phenology.kernel import PhenologyKernel

    case = make_case("phenology", tmp_path, size=128, bands=360)
    feedback = QgsProcessingFeedback()
    marks: dict[str, float] = {}
    real = PhenologyKernel.__call__

    def cancelling(self, *args, **kwargs):
        if "cancel" not in marks:
            marks["cancel"] = time.perf_counter()
            feedback.cancel()
        return real(self, *args, **kwargs)

    monkeypatch.setattr(PhenologyKernel, "__call__", cancelling)
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        processing.run("clms:phenology", {**case.params, "PROFILE": None}, feedback=feedback)
    latency = time.perf_counter() - marks["cancel"]
    print(f"cancel latency phenology, inside one deep window: {latency * 1000:.0f} ms")
    assert latency < LATENCY_LIMIT_S
