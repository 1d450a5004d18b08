"""The PROFILE plot's legend sits below the plot area: it never covers a curve."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np

from clms_toolbox.clms_plugin.analysis.phenology import profile
from clms_toolbox.clms_plugin.analysis.phenology.driver import PixelProfile


def _profile() -> PixelProfile:
    t = np.arange(-180, 545, 10, dtype=float)
    curve = 0.2 + 0.6 * np.exp(-((t - 180) / 60.0) ** 2)  # peak high up, at mid-year
    raw = curve.copy()
    raw[5] = np.nan
    days = np.arange(-180, 545, dtype=float)
    start = dt.date(2019, 1, 1)
    return PixelProfile(3, 4, 2019, tuple(start + dt.timedelta(days=int(d)) for d in t), t,
                        raw, curve, days, 0.2 + 0.6 * np.exp(-((days - 180) / 60.0) ** 2),
                        {"S1_SOSD": 120.0, "S1_MAXD": 180.0, "S1_EOSD": 250.0},
                        "whittaker")


def test_legend_is_below_the_plot_area():
    svg = profile.svg_plot(_profile())
    height = int(re.search(r'<svg[^>]* height="(\d+)"', svg).group(1))
    frame = re.search(r'<rect x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)"', svg)
    plot_bottom = int(frame.group(2)) + int(frame.group(4))
    legend = re.search(r'<g transform="translate\(([\d.]+),([\d.]+)\)">', svg)
    assert legend is not None and "smoothed (whittaker)" in svg
    legend_y = float(legend.group(2))
    assert legend_y - 8 > plot_bottom  # the legend's first row starts below the frame
    assert legend_y + 8 <= height      # and inside the picture
    # no white box over the plot any more
    assert 'fill="white" opacity' not in svg
