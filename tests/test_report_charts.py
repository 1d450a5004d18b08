"""Report pages and charts: real matplotlib SVG inside one self-contained HTML file."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np

from clms_toolbox.clms_plugin.analysis.engine.report import (
    Report,
    bar_chart,
    flow_chart,
    heatmap,
    line_chart,
    stacked_area,
    write_report,
)

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def _texts(root: ET.Element) -> str:
    return " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def test_flow_chart_draws_one_band_per_conversion_with_labels():
    m = np.array([[10.0, 5.0, 0.0], [0.0, 20.0, 0.0], [1.0, 0.0, 4.0]])
    root = _parse(flow_chart(m, ["Forest land", "Cropland", "Grassland"],
                             ["#1b7a2e", "#f5e663", "#a6d96a"]))
    text = _texts(root)
    assert "Forest land" in text and "Initial" in text and "Final" in text
    # 5 non-zero conversions -> 5 translucent bands, coloured by the initial category
    bands = [p for p in root.iter(f"{SVG}path") if "opacity: 0.45" in (p.get("style") or "")]
    assert len(bands) == 5
    assert sum("#1b7a2e" in p.get("style") for p in bands) == 2


def test_heatmap_and_bars_show_the_values():
    m = np.array([[1234.5, 0.0], [2.0, 3.0]])
    text = _texts(_parse(heatmap(m, ["A", "B"], ["A", "B"])))
    assert "1,234.5" in text and "Initial" in text
    text = _texts(_parse(bar_chart(["degraded", "stable"], [1.5, 20.25])))
    assert "degraded" in text and "20.2" in text


def test_area_and_line_charts_keep_the_legend_outside():
    svg = stacked_area([2000, 2001, 2002], {"Forest remaining": [1, 2, 3],
                                            "Cropland converted": [0, 1, 1]})
    assert "Cropland converted" in _texts(_parse(svg))
    svg = line_chart([1, 2, 3], {"zone 1": [0.1, 0.5, 0.2], "zone 2": [0.2, 0.3, 0.4]})
    assert "zone 2" in _texts(_parse(svg))


def test_report_page_is_self_contained_and_escaped(tmp_path):
    rep = Report("Land-use change <2015→2019>", subtitle="demo")
    rep.heading("Matrix").table(["from", "to", "area_ha", "pixels"],
                                [("Forest & co", "Cropland", 1.5, 3)], colours=["#1b7a2e"])
    rep.figure(bar_chart(["a"], [1.0]), caption="Areas")
    rep.facts([("Area method", "ellipsoidal"), ("Licence", "CC-BY 4.0")])
    path = write_report(tmp_path / "r.html", rep)
    text = open(path, encoding="utf-8").read()
    assert "&lt;2015→2019&gt;" in text and "Forest &amp; co" in text
    assert "<svg" in text and "<script" not in text and "http://" not in text.split("<svg")[0]
    assert '<td class="n">1.50</td>' in text and '<td class="n">3</td>' in text
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]
