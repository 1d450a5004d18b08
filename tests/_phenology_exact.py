"""Reference answers for phenology tests, computed from the analytic curve itself.

The closed forms of algorithms.md §2.5 hold when the two logistic limbs do not overlap; for
curves where they do, the reference is found on the continuous curve by dense evaluation
(0.001-day steps), which is independent of the kernel's daily grid and search logic.
"""

from __future__ import annotations

import numpy as np


def closed_form(sos: float, rsp: float, eos: float, rau: float, ps: float = 0.25,
                pe: float = 0.15) -> tuple[float, float]:
    """Day-of-year (1 January = 1) of SOS and EOS for well-separated Beck limbs."""
    return (sos + np.log(ps / (1 - ps)) / rsp + 1.0,
            eos + np.log((1 - pe) / pe) / rau + 1.0)


def dense_reference(fun, t0: float, t1: float, ps: float = 0.25, pe: float = 0.15,
                    step: float = 0.001) -> dict[str, float]:
    """HR-VPP metrics of the single season of ``fun`` on ``[t0, t1]`` (days since 1 Jan)."""
    t = np.arange(t0, t1, step)
    y = fun(t)
    ip = int(np.argmax(y))
    tp, vp = t[ip], y[ip]
    vl, vr = y[:ip].min(), y[ip:].min()
    ls, le = vl + ps * (vp - vl), vr + pe * (vp - vr)
    left = np.nonzero(y[:ip] >= ls)[0][0]
    right = ip + np.nonzero(y[ip:] >= le)[0][-1]
    sos, eos = t[left], t[right]
    l20 = t[np.nonzero(y[:ip] >= vl + 0.2 * (vp - vl))[0][0]]
    l80 = t[np.nonzero(y[:ip] >= vl + 0.8 * (vp - vl))[0][0]]
    r80 = t[ip + np.nonzero(y[ip:] >= vr + 0.8 * (vp - vr))[0][-1]]
    r20 = t[ip + np.nonzero(y[ip:] >= vr + 0.2 * (vp - vr))[0][-1]]
    m = (t >= sos) & (t <= eos)
    base = 0.5 * (vl + vr)
    tprod = float(np.sum(0.5 * (y[m][1:] + y[m][:-1])) * step)
    return {
        "SOSD": sos + 1, "SOSV": ls, "EOSD": eos + 1, "EOSV": le, "MAXD": tp + 1, "MAXV": vp,
        "MINV": base, "AMPL": vp - base, "LENGTH": eos - sos,
        "LSLOPE": 0.6 * (vp - vl) / (l80 - l20), "RSLOPE": 0.6 * (vp - vr) / (r20 - r80),
        "TPROD": tprod, "SPROD": tprod - base * (eos - sos),
    }
