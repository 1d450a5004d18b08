"""Class areas per zone and date from class rasters (QGIS-free, numpy only).

Why its own accumulator: "hectares of each land category per region" needs, per zone and
date, the weighted area of every class code, with nodata as its own line so that the rows of a
zone add up to the zone's area inside the raster. Memory: one float64 per (zone, date, class
present), accumulated in a dict keyed by class code.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .coverage import WindowCoverage

DENSE_LIMIT = 1 << 24  # bincount bins per window before falling back to np.unique keys


class ClassPartial:
    """One window: area (m²) per (zone, date, class code) and nodata area per (zone, date)."""

    def __init__(self, cov: WindowCoverage, codes: np.ndarray, invalid: np.ndarray,
                 cell_area: np.ndarray) -> None:
        self.zones, starts = cov.zone_starts()
        nzp = self.zones.size
        nd = codes.shape[0]
        self.codes = np.zeros(0, np.int64)
        self.area = np.zeros((nzp, nd, 0))
        self.nodata = np.zeros((nzp, nd))
        self.total = np.zeros(nzp)
        if nzp == 0:
            return
        w = cov.fraction * cell_area
        local = np.repeat(np.arange(nzp), np.diff(np.r_[starts, cov.zone.size]))
        self.total = np.bincount(local, weights=w, minlength=nzp)
        x = codes[:, cov.pixel]
        bad = invalid[:, cov.pixel]  # (dates, n) gathered at the zones' cells
        zd = local[None, :] * nd + np.arange(nd)[:, None]  # (dates, n)
        wb = np.broadcast_to(w, x.shape)
        self.nodata = np.bincount(zd[bad], weights=wb[bad], minlength=nzp * nd
                                  ).reshape(nzp, nd)
        good = ~bad
        xv, zv, wv = x[good].astype(np.int64), zd[good], wb[good]
        if xv.size == 0:
            return
        lo, hi = int(xv.min()), int(xv.max())
        span = hi - lo + 1
        if span * nzp * nd <= DENSE_LIMIT:
            dense = np.bincount(zv * span + (xv - lo), weights=wv, minlength=nzp * nd * span)
            dense = dense.reshape(nzp, nd, span)
            present = np.flatnonzero(np.bincount(xv - lo, minlength=span))
            self.codes = present + lo
            self.area = dense[:, :, present]
        else:
            self.codes, inv = np.unique(xv, return_inverse=True)
            k = self.codes.size
            self.area = np.bincount(zv * k + inv.ravel(), weights=wv,
                                    minlength=nzp * nd * k).reshape(nzp, nd, k)


class ClassAccumulator:
    """Running area per class code, zone and date; nodata and zone totals alongside."""

    def __init__(self, n_zones: int, n_dates: int) -> None:
        self.n_zones, self.n_dates = n_zones, n_dates
        self.by_code: dict[int, np.ndarray] = {}
        self.nodata = np.zeros((n_zones, n_dates))
        self.total = np.zeros(n_zones)

    def add(self, part: ClassPartial) -> None:
        z = part.zones
        if z.size == 0:
            return
        self.total[z] += part.total
        self.nodata[z] += part.nodata
        for i, code in enumerate(part.codes.tolist()):
            arr = self.by_code.get(code)
            if arr is None:
                arr = self.by_code[code] = np.zeros((self.n_zones, self.n_dates))
            arr[z] += part.area[:, :, i]

    def rows(self, zone_labels, dates, names: Mapping[int, str] | None, method: str):
        """Table rows ``zone, date, class_code, class_name, area_ha, share, area_method``.

        ``share`` is the class's part of the zone's mapped (non-nodata) area; the nodata row
        has an empty code and share. Zones with no cell in the raster give no rows.
        """
        names = names or {}
        codes = sorted(self.by_code)
        for zi, label in enumerate(zone_labels):
            if self.total[zi] <= 0:
                continue
            for di, date in enumerate(dates):
                mapped = sum(float(self.by_code[c][zi, di]) for c in codes)
                for code in codes:
                    area = float(self.by_code[code][zi, di])
                    if area <= 0:
                        continue
                    yield (label, date, code, names.get(code, str(code)), area / 1e4,
                           area / mapped if mapped > 0 else None, method)
                nd = float(self.nodata[zi, di])
                if nd > 0:
                    yield (label, date, None, "no data", nd / 1e4, None, method)


__all__ = ["ClassAccumulator", "ClassPartial"]
