"""The report pages of the change algorithms, from plain data (QGIS-free).

Why plain data (arrays, rows, ``(code, name, colour)`` classes, ``(label, text)`` facts):
this package draws and lays out; the domains compute and the Processing glue knows the
parameters. Land-use change, SDG 15.3.1 and both water algorithms then hand over the same
kind of page: key figures, the chart(s) coloured like the map, the table, and the method.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .charts import bar_chart, flow_chart, heatmap
from .page import Report

Classes = Sequence[tuple[int, str, str]]  # (code, name, #rrggbb) as the map legend
Facts = Sequence[tuple[str, object]]


def _without_method(columns: Sequence[str], rows: Sequence[Sequence[object]]
                    ) -> tuple[list[str], list[list[object]]]:
    """The table without its ``area_method`` column: on the page the method is stated once,
    under "Method" (the table layer keeps the column, for scripts and models)."""
    keep = [i for i, c in enumerate(columns) if c != "area_method"]
    return [columns[i] for i in keep], [[row[i] for i in keep] for row in rows]


def _method(report: Report, inputs: Facts, method: Facts, sources: Facts) -> None:
    report.heading("Inputs")
    report.facts(inputs)
    report.heading("Method")
    report.facts(method)
    if sources:
        report.heading("Sources, citation and licence")
        report.facts(sources)


def change_matrix_report(title: str, matrix_ha: np.ndarray, classes: Classes,
                         columns: Sequence[str], rows: Sequence[Sequence[object]],
                         inputs: Facts, method: Facts, sources: Facts = (),
                         subtitle: str = "") -> Report:
    """Land-use change: conversions as a flow diagram and a heat map (category colours of
    the map), the matrix table and the method. ``matrix_ha`` is initial × final, in the order
    of ``classes``."""
    m = np.asarray(matrix_ha, dtype=float)
    names = [name for _, name, _ in classes]
    colours = [colour for _, _, colour in classes]
    total = float(m.sum())
    changed = total - float(np.trace(m))
    report = Report(title, subtitle)
    report.facts([("Mapped area", f"{total:,.2f} ha"),
                   ("Changed category", f"{changed:,.2f} ha "
                    f"({100 * changed / total if total else 0:.2f} %)")])
    report.heading("Conversions between categories")
    report.figure(flow_chart(m, names, colours),
                  "Initial categories (left) flow to final categories (right); band width = "
                  "area, colour = initial category as on the map.")
    report.figure(heatmap(m, names, names, label_colours=colours),
                  "Change matrix (ha): rows initial, columns final; the diagonal is land "
                  "remaining in its category.")
    report.heading("Change matrix (ha)")
    columns, rows = _without_method(columns, rows)
    report.table(columns, rows,
                 colours=(list(colours) + [None] * len(rows))[:len(rows)])
    _method(report, inputs, method, sources)
    return report


def class_area_report(title: str, classes: Classes, area_ha: dict[int, float],
                      columns: Sequence[str], rows: Sequence[Sequence[object]],
                      inputs: Facts, method: Facts, sources: Facts = (),
                      chart_caption: str = "", subtitle: str = "",
                      skip_empty: bool = False) -> Report:
    """Areas by class (SDG status, water change classes, transitions): a bar chart in the
    map's colours, the table and the method."""
    shown = [(c, n, col) for c, n, col in classes
             if not skip_empty or area_ha.get(c, 0.0) > 0]
    report = Report(title, subtitle)
    total = sum(area_ha.get(c, 0.0) for c, _, _ in classes)
    report.facts([("Total area", f"{total:,.2f} ha")])
    report.heading("Areas by class")
    report.figure(bar_chart([n for _, n, _ in shown], [area_ha.get(c, 0.0) for c, _, _ in shown],
                            [col for _, _, col in shown]), chart_caption)
    columns, rows = _without_method(columns, rows)
    colour_of = {n.lower(): col for _, n, col in classes}
    colour_of.update({str(c): col for c, _, col in classes})

    def row_colour(row: Sequence[object]) -> str | None:
        for cell in row[:2]:  # a code or a class name leads the row
            found = colour_of.get(str(cell).lower())
            if found:
                return found
        return None

    report.table(columns, rows, colours=[row_colour(r) for r in rows])
    _method(report, inputs, method, sources)
    return report
