"""Smoothers that map a gap-filled observation series onto a daily curve (QGIS-free).

Why operators: every pixel of a window shares the same observation dates, and masked
observations are filled by interpolation *before* smoothing (see :func:`.timeseries.fill_gaps`),
so each smoother is a linear map from the ``n_obs`` observations to the ``n_days`` daily values,
identical for all pixels. It is built once per date grid as a ``(n_days, n_obs)`` matrix and
applied to a whole window with one BLAS matrix product — this is what makes the phenology
kernel orders of magnitude faster than per-pixel fitting.

Smoothers (``SMOOTHERS``):

``none``
    Piecewise-linear interpolation between observations (no smoothing).
``whittaker``
    Whittaker–Eilers smoother on the daily grid (Eilers 2003): the daily curve ``z``
    minimises ``Σ_obs (y_i − z(t_i))² + λ Σ_days (Δ^d z)²`` with ``d = 2``. For small λ it is a
    discrete cubic smoothing spline through the observations (the HR-VPP/TIMESAT 4 fit is a
    smoothing spline as well). ``λ`` is in day units; default 200 (a clean season's
    SOS/EOS move by < 1 day, dekadal noise of ±0.03 NDVI is damped by ~2/3).
``savgol``
    Savitzky–Golay generalised to irregular dates: at each day, a least-squares polynomial of
    ``order`` (default 2) through the observations within ``± half_window`` days (default
    30; widened to the nearest ``order + 2`` observations where data are sparse), evaluated at
    that day.
"""

from __future__ import annotations

import numpy as np

SMOOTHERS = ("none", "whittaker", "savgol")
DEFAULT_LAMBDA = 200.0
DEFAULT_SG_HALF_WINDOW = 30.0
DEFAULT_SG_ORDER = 2


def linear_operator(t_obs: np.ndarray, t_out: np.ndarray) -> np.ndarray:
    """Matrix of piecewise-linear interpolation from ``t_obs`` to ``t_out`` (clamped ends)."""
    t_obs = np.asarray(t_obs, dtype=np.float64)
    t_out = np.asarray(t_out, dtype=np.float64)
    n = t_obs.size
    op = np.zeros((t_out.size, n), dtype=np.float64)
    if n == 1:
        op[:, 0] = 1.0
        return op
    j = np.clip(np.searchsorted(t_obs, t_out, side="right") - 1, 0, n - 2)
    w = (t_out - t_obs[j]) / (t_obs[j + 1] - t_obs[j])
    w = np.clip(w, 0.0, 1.0)
    rows = np.arange(t_out.size)
    op[rows, j] = 1.0 - w
    op[rows, j + 1] += w
    return op


def whittaker_operator(t_obs: np.ndarray, t_out: np.ndarray, lam: float = DEFAULT_LAMBDA,
                       order: int = 2) -> np.ndarray:
    """Matrix of the Whittaker smoother from observations at ``t_obs`` to the day grid ``t_out``.

    ``t_out`` must be a regular 1-day grid; observations are attached to their nearest day.
    Solves ``(W + λ DᵀD) Z = E`` densely (``E`` selects the observation days), which costs well
    under a second for ten years of days and is done once per date grid.
    """
    t_obs = np.asarray(t_obs, dtype=np.float64)
    t_out = np.asarray(t_out, dtype=np.float64)
    n_d = t_out.size
    pos = np.clip(np.rint(t_obs - t_out[0]).astype(int), 0, n_d - 1)
    if np.unique(pos).size != pos.size:
        raise ValueError("two observations fall on the same day; dates must be distinct days")
    diff = np.diff(np.eye(n_d), n=order, axis=0)
    a = lam * (diff.T @ diff)
    a[pos, pos] += 1.0
    e = np.zeros((n_d, t_obs.size))
    e[pos, np.arange(t_obs.size)] = 1.0
    return np.linalg.solve(a, e)


def savgol_operator(t_obs: np.ndarray, t_out: np.ndarray,
                    half_window: float = DEFAULT_SG_HALF_WINDOW,
                    order: int = DEFAULT_SG_ORDER) -> np.ndarray:
    """Matrix of a local polynomial (Savitzky–Golay) smoother for irregular dates."""
    t_obs = np.asarray(t_obs, dtype=np.float64)
    t_out = np.asarray(t_out, dtype=np.float64)
    need = min(order + 2, t_obs.size)
    op = np.zeros((t_out.size, t_obs.size))
    for k, t in enumerate(t_out):
        dist = np.abs(t_obs - t)
        sel = np.nonzero(dist <= half_window)[0]
        if sel.size < need:
            sel = np.sort(np.argsort(dist, kind="stable")[:need])
        deg = min(order, sel.size - 1)
        x = (t_obs[sel] - t) / max(half_window, 1.0)
        vander = np.vander(x, deg + 1, increasing=True)
        # value at t (x = 0) of the least-squares polynomial = first row of the pseudo-inverse
        op[k, sel] = np.linalg.pinv(vander)[0]
    return op


def operator(name: str, t_obs: np.ndarray, t_out: np.ndarray, *, lam: float = DEFAULT_LAMBDA,
             half_window: float = DEFAULT_SG_HALF_WINDOW,
             order: int = DEFAULT_SG_ORDER) -> np.ndarray:
    """The ``(len(t_out), len(t_obs))`` float32 matrix of smoother ``name`` (see ``SMOOTHERS``)."""
    if name == "none":
        op = linear_operator(t_obs, t_out)
    elif name == "whittaker":
        op = whittaker_operator(t_obs, t_out, lam)
    elif name == "savgol":
        op = savgol_operator(t_obs, t_out, half_window, order)
    else:
        raise ValueError(f"unknown smoother '{name}'; choose one of {', '.join(SMOOTHERS)}")
    op = np.ascontiguousarray(op, dtype=np.float32)
    # Whittaker weights decay exponentially away from the diagonal and reach float32
    # subnormals (< 1.2e-38) a year away: products with subnormal operands or results take
    # a slow microcode path, which made the matrix product ~10× slower (measured: 11.7 ms
    # instead of 1.2 ms for 272 × 108 × 1 460 px). Weights below 1e-10 of a row's largest
    # add nothing at float32 precision (6e-8): flush them.
    op[np.abs(op) < 1e-10 * np.abs(op).max(axis=1, keepdims=True)] = 0.0
    return op
