"""HTML report of a zonal time series: curves of up to 20 zones as inline SVG (QGIS-free).

Why self-contained: the file opens in any browser and in the Processing results viewer, with
no image files beside it. matplotlib draws the SVG (Agg-free ``svg`` backend, no display);
the shared report infrastructure will replace this helper when it lands.
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence

import numpy as np

MAX_ZONES = 20


def curves_svg(dates: Sequence, labels: Sequence, values: np.ndarray, statistic: str) -> str:
    """An SVG string with one line per zone (first ``MAX_ZONES`` zones)."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 4.2))
    FigureCanvasSVG(fig)
    ax = fig.add_subplot(111)
    for zi in range(min(MAX_ZONES, values.shape[0])):
        ax.plot(list(dates), values[zi], marker=".", linewidth=1.2, label=str(labels[zi]))
    ax.set_ylabel(statistic)
    ax.grid(True, alpha=0.3)
    if values.shape[0]:
        ax.legend(fontsize=7, ncol=2, loc="best")
    fig.autofmt_xdate()
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    text = buf.getvalue()
    return text[text.find("<svg"):]


def report_html(title: str, dates: Sequence, labels: Sequence, values: dict[str, np.ndarray],
                statistics: Sequence[str], method: str) -> str:
    """The whole page: the curves of the first statistic, then a table of the first zones."""
    first = statistics[0]
    svg = curves_svg(dates, labels, values[first], first)
    shown = min(MAX_ZONES, len(labels))
    head = "".join(f"<th>{html.escape(str(d))}</th>" for d in dates)
    rows = []
    for zi in range(shown):
        cells = "".join("<td></td>" if not np.isfinite(v) else f"<td>{v:.4g}</td>"
                        for v in values[first][zi])
        rows.append(f"<tr><th>{html.escape(str(labels[zi]))}</th>{cells}</tr>")
    note = "" if shown == len(labels) else \
        f"<p>First {shown} of {len(labels)} zones shown; the tables hold all.</p>"
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>body{{font-family:sans-serif}}"
        "table{border-collapse:collapse;font-size:11px}td,th{border:1px solid #ccc;"
        "padding:2px 4px}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>{svg}{note}"
        f"<h2>{html.escape(first)} per zone and date</h2>"
        f"<table><tr><th>zone</th>{head}</tr>{''.join(rows)}</table>"
        f"<h2>Method</h2><p>{html.escape(method)}</p></body></html>")


__all__ = ["MAX_ZONES", "curves_svg", "report_html"]
