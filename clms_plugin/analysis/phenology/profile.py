"""HTML page with an inline SVG plot of one pixel's series and its phenology (QGIS-free).

Why: the first thing an agronomist checks is whether the curve and the detected
start/peak/end of season make sense at a known field. A self-contained HTML file (no
JavaScript, no image files, no plotting library) opens in any browser and in QGIS's
Processing results viewer.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np

from .driver import PixelProfile
from .kernel import METRICS, N_SEASONS

_W, _H, _M = 900, 380, 50
_LEGEND_H = 26  # the legend is a row below the plot: it never covers a curve
_SEASON_COLOURS = ("#d62728", "#9467bd")


def _polyline(xs: Sequence[float], ys: Sequence[float], **attrs: str) -> str:
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys))
    extra = " ".join(f'{k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<polyline points="{pts}" fill="none" {extra}/>'


def svg_plot(p: PixelProfile) -> str:
    """The SVG element: raw (dots, masked as crosses), filled (dashed), smoothed (line)."""
    x_all = np.concatenate([p.t_obs, p.days]) + 1.0
    finite = np.concatenate([p.filled[np.isfinite(p.filled)], p.smoothed[np.isfinite(p.smoothed)]])
    if finite.size == 0:
        finite = np.array([0.0, 1.0])
    x0, x1 = float(x_all.min()), float(x_all.max())
    y0, y1 = float(finite.min()), float(finite.max())
    if y1 - y0 < 1e-9:
        y0, y1 = y0 - 0.5, y1 + 0.5
    pad = 0.05 * (y1 - y0)
    y0, y1 = y0 - pad, y1 + pad

    def sx(x):
        return _M + (np.asarray(x, float) - x0) / max(x1 - x0, 1e-9) * (_W - 2 * _M)

    def sy(y):
        return _H - _M - (np.asarray(y, float) - y0) / (y1 - y0) * (_H - 2 * _M)

    total_h = _H + _LEGEND_H
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{total_h}" '
             f'viewBox="0 0 {_W} {total_h}" font-family="sans-serif" font-size="11">',
             f'<rect x="{_M}" y="{_M}" width="{_W - 2 * _M}" height="{_H - 2 * _M}" '
             'fill="#fafafa" stroke="#999"/>']
    # year boundaries and axis ticks
    for k in range(int(np.floor(x0 / 365.25)) - 1, int(np.ceil(x1 / 365.25)) + 1):
        xb = 1 + round(365.25 * k)
        if x0 <= xb <= x1:
            parts.append(f'<line x1="{sx(xb):.1f}" x2="{sx(xb):.1f}" y1="{_M}" '
                         f'y2="{_H - _M}" stroke="#ccc"/>'
                         f'<text x="{sx(xb) + 3:.1f}" y="{_M + 12}" fill="#777">'
                         f'{p.year + k}</text>')
    for frac in np.linspace(0, 1, 5):
        yv = y0 + frac * (y1 - y0)
        parts.append(f'<text x="{_M - 6}" y="{sy(yv) + 4:.1f}" text-anchor="end">{yv:.3g}'
                     '</text>')
    for frac in np.linspace(0, 1, 7):
        xv = x0 + frac * (x1 - x0)
        parts.append(f'<text x="{sx(xv):.1f}" y="{_H - _M + 16}" text-anchor="middle">'
                     f'{xv:.0f}</text>')
    parts.append(f'<text x="{_W / 2}" y="{_H - 8}" text-anchor="middle">day of year '
                 f'relative to 1 January {p.year}</text>')
    # curves
    parts.append(_polyline(sx(p.t_obs + 1), sy(p.filled), stroke="#1f77b4",
                           stroke_dasharray="4,3", stroke_width="1"))
    parts.append(_polyline(sx(p.days + 1), sy(p.smoothed), stroke="#2ca02c",
                           stroke_width="2"))
    for t, v, f in zip(p.t_obs + 1, p.raw, p.filled):
        if np.isfinite(v):
            parts.append(f'<circle cx="{sx(t):.1f}" cy="{sy(v):.1f}" r="2.5" fill="#1f77b4"/>')
        elif np.isfinite(f):
            cx, cy = sx(t), sy(f)
            parts.append(f'<path d="M{cx - 3:.1f},{cy - 3:.1f}L{cx + 3:.1f},{cy + 3:.1f}'
                         f'M{cx - 3:.1f},{cy + 3:.1f}L{cx + 3:.1f},{cy - 3:.1f}" '
                         'stroke="#ff7f0e"/>')
    # season markers
    for s in range(1, N_SEASONS + 1):
        colour = _SEASON_COLOURS[s - 1]
        for lift, (key, label) in enumerate((("SOSD", "SOS"), ("MAXD", "peak"),
                                             ("EOSD", "EOS"))):
            day = p.metrics.get(f"S{s}_{key}")
            if day is None:
                continue
            parts.append(f'<line x1="{sx(day):.1f}" x2="{sx(day):.1f}" y1="{_M}" '
                         f'y2="{_H - _M}" stroke="{colour}" stroke-dasharray="2,2"/>'
                         f'<text x="{sx(day) + 2:.1f}" y="{_H - _M - 6 - 12 * lift}" '
                         f'fill="{colour}">S{s} {label}</text>')
    # legend: one row under the axis title, outside the plot area
    parts.append(f'<g transform="translate({_M},{_H + 8})">'
                 '<circle cx="5" cy="0" r="2.5" fill="#1f77b4"/><text x="14" y="4">raw '
                 'observation</text>'
                 '<path d="M172,-3L178,3M172,3L178,-3" stroke="#ff7f0e"/>'
                 '<text x="184" y="4">masked (flag/nodata), filled</text>'
                 '<line x1="400" x2="420" y1="0" y2="0" stroke="#1f77b4" '
                 'stroke-dasharray="4,3"/><text x="426" y="4">gap-filled</text>'
                 '<line x1="540" x2="560" y1="0" y2="0" stroke="#2ca02c" stroke-width="2"/>'
                 f'<text x="566" y="4">smoothed ({html.escape(p.smoothing)})</text></g>')
    parts.append("</svg>")
    return "\n".join(parts)


def profile_html(p: PixelProfile, title: str = "Phenology profile") -> str:
    """Complete HTML page: the plot and a table of the pixel's metrics."""
    rows = []
    for m in METRICS:
        cells = []
        for s in range(1, N_SEASONS + 1):
            v = p.metrics.get(f"S{s}_{m}")
            cells.append("<td>–</td>" if v is None else f"<td>{v:.4g}</td>")
        rows.append(f"<tr><th>{m}</th>{''.join(cells)}</tr>")
    nseason = p.metrics.get("NUMSEASON")
    nsv = "nodata (too few valid observations)" if nseason is None else f"{nseason:.0f}"
    n_masked = int(np.isnan(p.raw).sum())
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>body{{font-family:sans-serif}}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;"
        "text-align:right}</style></head><body>"
        f"<h2>{html.escape(title)}</h2>"
        f"<p>Pixel row {p.row}, column {p.col}; year {p.year}; {len(p.dates)} observations "
        f"({p.dates[0].isoformat()} … {p.dates[-1].isoformat()}), {n_masked} masked. "
        f"Seasons in {p.year}: {nsv}.</p>"
        f"{svg_plot(p)}"
        "<table><tr><th>metric</th><th>season 1</th><th>season 2</th></tr>"
        f"{''.join(rows)}</table>"
        "<p>Days are day of year relative to 1 January of the year (1 January = 1). "
        "SOS/EOS: seasonal-amplitude thresholds from the left/right minimum; slopes: 20–80 % "
        "chords.</p></body></html>"
    )
