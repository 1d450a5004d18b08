"""The server's bounding-box area limit, checked before posting (clms_api.md §1.7, §1.11)."""

from __future__ import annotations

import pytest

from clms_toolbox.clms_plugin.download import datarequest
from clms_toolbox.clms_plugin.download.datarequest import AREA_LIMIT, CustomExtraction


@pytest.mark.parametrize("lon,lat", [(-84.37, 43.32), (-9.0, 43.0), (3.0, 36.0), (25.0, 70.0),
                                     (-170.0, -60.0), (150.0, 10.0)])
def test_server_projection_matches_proj_epsg3587(qgis_app, lon, lat):
    """Our pure-Python LCC equals PROJ's EPSG:3587 (what pyproj.Proj(3587) computes)."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsPointXY,
        QgsProject,
    )

    tr = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                QgsCoordinateReferenceSystem("EPSG:3587"), QgsProject.instance())
    ref = tr.transform(QgsPointXY(lon, lat))
    x, y = datarequest.server_projection(lon, lat)
    assert x == pytest.approx(ref.x(), abs=0.01) and y == pytest.approx(ref.y(), abs=0.01)


def test_server_area_truncates_corners_like_the_server():
    # the same whole-degree box with or without decimals counts the same
    assert datarequest.server_area((-9.7, 36.2, 3.4, 43.9)) == \
        datarequest.server_area((-9.0, 36.0, 3.0, 43.0))
    # on a cone x depends on latitude too: only a box inside one whole degree cell counts 0
    assert datarequest.server_area((0.2, 0.3, 0.8, 0.9)) == 0


def _entry(bbox):
    return CustomExtraction("uid", "info", "Geotiff", "EPSG:4326", bbox=bbox)


def test_area_limit_refuses_big_boxes_with_the_limit_and_the_fix():
    iberia = (-9.5, 36.0, 3.3, 43.8)
    assert datarequest.server_area(iberia) < AREA_LIMIT
    assert datarequest.validate([_entry(iberia)], {}) == []
    europe = (-25.0, 34.0, 45.0, 72.0)
    assert datarequest.server_area(europe) > AREA_LIMIT
    problems = datarequest.validate([_entry(europe)], {})
    assert len(problems) == 1
    text = problems[0]
    assert "too big" in text and "1600000000000" in text
    assert "smaller box" in text and "NUTS" in text
    # NUTS instead of the box: accepted
    nuts = CustomExtraction("uid", "info", "Geotiff", "EPSG:4326", nuts="ES")
    assert datarequest.validate([nuts], {}) == []
