"""The REPORT page of ``clms:zonaltimeseries``: the curves of up to 20 zones (QGIS-free).

Why a domain module: which zones and which statistic a reader sees first is a zonal decision;
the page itself (layout, escaping, matplotlib SVG) is the shared ``analysis.engine.report`` one, so
this report looks like every other report of the toolbox.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..engine.report import Report, line_chart
from .driver import ZonalResult

MAX_ZONES = 20
Facts = Sequence[tuple[str, object]]


def time_series_report(title: str, result: ZonalResult, statistics: Sequence[str],
                       inputs: Facts = (), method: Facts = (), sources: Facts = ()) -> Report:
    """Curves and a table of the first statistic for the first :data:`MAX_ZONES` zones,
    then the inputs, the method and the sources."""
    first = statistics[0]
    values = result.values[first]
    shown = min(MAX_ZONES, len(result.labels))
    series = {str(result.labels[z]): values[z] for z in range(shown)}
    page = Report(title, subtitle=f"{len(result.labels)} zones × {len(result.dates)} dates")
    page.figure(line_chart(list(result.dates), series, ylabel=first),
                caption=f"{first} per zone and date" + (
                    "" if shown == len(result.labels) else
                    f"; first {shown} of {len(result.labels)} zones (the tables hold all)"))
    page.heading(f"{first} per zone and date")
    rows = [[d.isoformat() if d else ""] + [
        None if not np.isfinite(values[z, i]) else float(values[z, i]) for z in range(shown)]
        for i, d in enumerate(result.dates)]
    page.table(["date"] + [str(result.labels[z]) for z in range(shown)], rows, digits=4)
    for heading, facts in (("Inputs", inputs), ("Method", method), ("Sources", sources)):
        if facts:
            page.heading(heading).facts(facts)
    return page


__all__ = ["MAX_ZONES", "time_series_report"]
