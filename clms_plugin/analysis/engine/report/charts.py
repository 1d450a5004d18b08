"""Charts drawn with matplotlib and returned as SVG text, ready to inline in a report.

Why matplotlib's object API (``Figure`` + the SVG canvas) and never ``pyplot``: pyplot keeps
global state and picks a GUI backend, which is unsafe in a Processing worker thread inside
QGIS; a bare ``Figure`` is private to the call. Text stays text in the SVG (``svg.fonttype
none``) so the page is small and searchable.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import numpy as np

_RC = {"svg.fonttype": "none", "font.size": 9, "axes.spines.top": False,
       "axes.spines.right": False}


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=96, layout="constrained")


def _svg(fig) -> str:
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    FigureCanvasSVG(fig)
    buf = io.StringIO()
    with matplotlib.rc_context(_RC):
        fig.savefig(buf, format="svg")
    text = buf.getvalue()
    return text[text.index("<svg"):]  # drop the XML prolog and DOCTYPE: inline SVG


def _thousands(axis) -> None:
    """Areas as plain numbers with separators (1,200,000 ha), never matplotlib's "1e6"
    offset in a corner, which a reader of an inventory report easily misses."""
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(
        lambda v, _pos: f"{v:,.0f}" if abs(v) >= 100 else f"{v:g}"))


def _hex(colour: str | Sequence[int] | None, default: str = "#888888") -> str:
    if colour is None:
        return default
    if isinstance(colour, str):
        return colour
    r, g, b = (int(c) for c in list(colour)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def bar_chart(labels: Sequence[str], values: Sequence[float], colours: Sequence | None = None,
              xlabel: str = "Area (ha)", title: str = "") -> str:
    """Horizontal bars, one per class, in the map's colours."""
    with _rc():
        fig = _figure(6.4, 0.35 * max(3, len(labels)) + 0.9)
        ax = fig.add_subplot()
        y = np.arange(len(labels))
        cols = [_hex(c) for c in (colours or [None] * len(labels))]
        ax.barh(y, values, color=cols, edgecolor="#333333", linewidth=0.4)
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        ax.set_xlabel(xlabel)
        _thousands(ax.xaxis)
        if title:
            ax.set_title(title)
        for yi, v in zip(y, values):
            ax.annotate(f"{v:,.1f}", (v, yi), xytext=(3, 0), textcoords="offset points",
                        va="center", fontsize=8)
        ax.margins(x=0.15)
        return _svg(fig)


def heatmap(matrix: np.ndarray, rows: Sequence[str], cols: Sequence[str],
            title: str = "", unit: str = "ha", cmap: str = "YlOrBr",
            label_colours: Sequence | None = None) -> str:
    """A matrix (e.g. initial × final areas) as a heat map with the value in each cell;
    ``label_colours`` (one per row/column, the map's class colours) mark the axis labels with
    a swatch, so the matrix reads with the map's legend."""
    m = np.asarray(matrix, dtype=float)
    with _rc():
        fig = _figure(1.0 + 0.95 * max(3, len(cols)), 0.9 + 0.55 * max(3, len(rows)))
        ax = fig.add_subplot()
        shown = np.where(m > 0, m, np.nan)
        im = ax.imshow(shown, cmap=cmap, aspect="auto")
        ax.set_xticks(range(len(cols)), cols, rotation=30, ha="right")
        ax.set_yticks(range(len(rows)), rows)
        ax.set_xlabel("Final")
        ax.set_ylabel("Initial")
        top = np.nanmax(shown) if np.isfinite(shown).any() else 0.0
        for i in range(m.shape[0]):
            for j in range(m.shape[1]):
                if m[i, j] > 0:
                    dark = top and m[i, j] > 0.6 * top
                    ax.text(j, i, f"{m[i, j]:,.1f}", ha="center", va="center", fontsize=7,
                            color="white" if dark else "black")
        fig.colorbar(im, ax=ax, label=unit, shrink=0.8)
        if label_colours is not None:
            _swatch_labels(ax, label_colours)
        if title:
            ax.set_title(title)
        return _svg(fig)


def _swatch_labels(ax, colours: Sequence) -> None:
    """A square of the class colour in front of each tick label (both axes)."""
    from matplotlib.patches import Rectangle

    cols = [_hex(c) for c in colours]
    n_rows = len(ax.get_yticks())
    n_cols = len(ax.get_xticks())
    for i in range(min(n_rows, len(cols))):
        ax.add_patch(Rectangle((-0.5 - 0.32, i - 0.3), 0.26, 0.6, facecolor=cols[i],
                               edgecolor="#333333", linewidth=0.4, clip_on=False))
    for j in range(min(n_cols, len(cols))):
        ax.add_patch(Rectangle((j - 0.3, n_rows - 0.5 + 0.08), 0.6, 0.26, facecolor=cols[j],
                               edgecolor="#333333", linewidth=0.4, clip_on=False))
    ax.tick_params(axis="y", pad=14)
    ax.tick_params(axis="x", pad=12)


def flow_chart(matrix: np.ndarray, labels: Sequence[str], colours: Sequence,
               title: str = "", unit: str = "ha") -> str:
    """An alluvial (Sankey-style) diagram: initial categories on the left, final on the right,
    a band per conversion whose width is its area, coloured by the initial category."""
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path

    m = np.clip(np.asarray(matrix, dtype=float), 0, None)
    total = float(m.sum())
    n = len(labels)
    cols = [_hex(c) for c in colours]
    with _rc():
        fig = _figure(6.8, 4.6)
        ax = fig.add_subplot()
        ax.set_axis_off()
        if total <= 0:
            ax.text(0.5, 0.5, "No mapped area", ha="center", va="center")
            return _svg(fig)
        gap = 0.02 * total
        x0, x1, bar = 0.0, 1.0, 0.06

        def stacks(sizes: np.ndarray) -> np.ndarray:
            tops = np.zeros(n)
            y = 0.0
            for i in range(n):
                tops[i] = y
                y += sizes[i] + (gap if sizes[i] > 0 else 0)
            return tops

        left, right = m.sum(axis=1), m.sum(axis=0)
        ly, ry = stacks(left), stacks(right)
        lo, ro = ly.copy(), ry.copy()
        for i in range(n):
            for j in range(n):
                v = m[i, j]
                if v <= 0:
                    continue
                a0, a1 = lo[i], lo[i] + v
                b0, b1 = ro[j], ro[j] + v
                lo[i], ro[j] = a1, b1
                xa, xb = x0 + bar, x1 - bar
                xm = (xa + xb) / 2
                verts = [(xa, a0), (xm, a0), (xm, b0), (xb, b0), (xb, b1), (xm, b1),
                         (xm, a1), (xa, a1), (xa, a0)]
                codes = [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4, Path.LINETO,
                         Path.CURVE4, Path.CURVE4, Path.CURVE4, Path.CLOSEPOLY]
                ax.add_patch(PathPatch(Path(verts, codes), facecolor=cols[i], alpha=0.45,
                                       edgecolor="none"))
        height = max(ly[-1] + left[-1], ry[-1] + right[-1])
        for side, (x, tops, sizes, ha, xt) in enumerate(
                ((x0, ly, left, "right", x0 - 0.01),
                 (x1 - bar, ry, right, "left", x1 + 0.01))):
            shown = [i for i in range(n) if sizes[i] > 0]
            label_y = _spread([tops[i] + sizes[i] / 2 for i in shown], 0.075 * height,
                              height)
            for i, yl in zip(shown, label_y):
                ax.add_patch(Rectangle((x, tops[i]), bar, sizes[i], facecolor=cols[i],
                                       edgecolor="#333333", linewidth=0.4))
                ax.text(xt, yl, f"{labels[i]}\n{sizes[i]:,.1f} {unit}", ha=ha,
                        va="center", fontsize=8)
                if abs(yl - (tops[i] + sizes[i] / 2)) > 1e-9:  # moved: a leader line
                    edge = x if side == 0 else x + bar
                    ax.plot([edge, xt], [tops[i] + sizes[i] / 2, yl], color="#777777",
                            linewidth=0.4)
        ax.set_xlim(-0.32, 1.32)
        ax.set_ylim(height * 1.02, -0.02 * height)
        ax.text(x0 + bar / 2, -0.015 * height, "Initial", ha="center", va="bottom")
        ax.text(x1 - bar / 2, -0.015 * height, "Final", ha="center", va="bottom")
        if title:
            ax.set_title(title, pad=16)  # above the "Initial" / "Final" column heads
        return _svg(fig)


def _spread(centres: Sequence[float], gap: float, limit: float) -> list[float]:
    """Label positions at least ``gap`` apart and at most ``limit``, as close to ``centres``
    (ascending) as that allows: small neighbouring classes no longer print on top of each
    other."""
    out: list[float] = []
    for c in centres:  # top to bottom: push down
        out.append(max(c, out[-1] + gap) if out else c)
    if out and out[-1] > limit:  # bottom to top: pull back above the limit
        out[-1] = limit
        for k in range(len(out) - 2, -1, -1):
            out[k] = min(out[k], out[k + 1] - gap)
    return out


def stacked_area(x: Sequence, series: Mapping[str, Sequence[float]],
                 colours: Mapping[str, str] | None = None, ylabel: str = "Area (ha)",
                 title: str = "") -> str:
    """Stacked areas over time (e.g. land-representation subcategories by year)."""
    with _rc():
        fig = _figure(7.2, 4.2)
        ax = fig.add_subplot()
        names = list(series)
        cols = [_hex((colours or {}).get(k)) if colours and k in colours else None
                for k in names]
        kwargs = {"colors": cols} if all(cols) else {}
        ax.stackplot(list(x), *[np.asarray(series[k], float) for k in names], labels=names,
                     **kwargs)
        ax.set_ylabel(ylabel)
        _thousands(ax.yaxis)
        if all(isinstance(v, (int, np.integer)) for v in x):  # years: no 2000.25 ticks
            from matplotlib.ticker import MaxNLocator

            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
        if title:
            ax.set_title(title)
        return _svg(fig)


def line_chart(x: Sequence, series: Mapping[str, Sequence[float]], ylabel: str = "",
               title: str = "") -> str:
    """Curves over time (e.g. zonal means per date); the legend sits outside the plot area so
    it never covers a curve."""
    with _rc():
        fig = _figure(7.2, 3.8)
        ax = fig.add_subplot()
        for name, ys in series.items():
            ax.plot(list(x), np.asarray(ys, float), marker=".", linewidth=1.2, label=name)
        ax.set_ylabel(ylabel)
        if len(series) > 1:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
        if title:
            ax.set_title(title)
        if x and hasattr(list(x)[0], "year"):  # dates: slanted labels that do not overlap
            for label in ax.get_xticklabels():
                label.set_rotation(30)
                label.set_horizontalalignment("right")
        return _svg(fig)


def _rc():
    import matplotlib

    return matplotlib.rc_context(_RC)
