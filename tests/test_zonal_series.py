"""The zonal algorithms' glue to the one dates grammar, PRODUCT choice and anomaly style."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from clms_toolbox.clms_plugin.analysis.engine.blocks import RasterInput
from clms_toolbox.clms_plugin.analysis.engine.errors import ParameterError
from clms_toolbox.clms_plugin.analysis.zonal import dated_series
from clms_toolbox.clms_plugin.analysis.zonal.anomaly_run import anomaly_style
from clms_toolbox.clms_plugin.products import registry, styles
from clms_toolbox.clms_plugin.products.encodings import product_encoding, recognised_encoding


def _tif(path, bands: int = 1, descriptions=None) -> str:
    with rasterio.open(path, "w", driver="GTiff", width=2, height=2, count=bands,
                       dtype="float32", crs="EPSG:4326",
                       transform=from_origin(0, 2, 1, 1)) as ds:
        ds.write(np.zeros((bands, 2, 2), np.float32))
        for i, d in enumerate(descriptions or [], start=1):
            ds.set_band_description(i, d)
    return str(path)


def test_files_in_any_order_are_sorted_by_their_dates(tmp_path):
    late = _tif(tmp_path / "ndvi_2019-03-01.tif")
    early = _tif(tmp_path / "ndvi_2019-01-01.tif")
    series = dated_series([late, early])
    assert series.dates == (dt.date(2019, 1, 1), dt.date(2019, 3, 1))
    assert series.inputs == (RasterInput(early, (1,)), RasterInput(late, (1,)))
    assert series.paths == [early, late] and series.source == "file names"


def test_a_stack_in_band_order_is_read_whole(tmp_path):
    stack = _tif(tmp_path / "stack.tif", 3, ["2019-01-01", "2019-01-11", "2019-01-21"])
    series = dated_series([stack])
    assert series.inputs == (stack,) and series.source == "band metadata"
    explicit = dated_series([stack], "20200101 2020-02 2021")  # the one grammar
    assert explicit.dates == (dt.date(2020, 1, 1), dt.date(2020, 2, 1), dt.date(2021, 1, 1))
    assert explicit.source == "DATES parameter"


def test_errors_name_the_parameter(tmp_path):
    stack = _tif(tmp_path / "stack.tif", 2)
    with pytest.raises(ParameterError, match="^DATES: .*1 dates given for 2 bands"):
        dated_series([stack], "2019-01-01")
    with pytest.raises(ParameterError, match="^DATES: 2019-01-01 is the date of two bands"):
        dated_series([stack], "2019-01-01,2019-01-01")
    with pytest.raises(ParameterError, match="^DATES: 'x' is not an ISO date"):
        dated_series([stack], "2019-01-01,x")
    with pytest.raises(ParameterError, match="^INPUT: cannot find the date"):
        dated_series([stack])


def test_dates_optional_for_class_areas(tmp_path):
    stack = _tif(tmp_path / "classes.tif", 2)
    series = dated_series([stack], required=False, band_count=2, distinct=False)
    assert series.dates == (None, None) and "cannot find the date" in series.missing
    with pytest.raises(ParameterError, match="^DATES:"):  # a given DATES is never ignored
        dated_series([stack], "2019", required=False, band_count=2)


def test_product_choice_is_the_registry_band_encoding():
    name = "c_gls_NDVI300_202306110000_GLOBE_OLCI_V2.0.1.tif"
    enc, match = product_encoding("ndvi_300m", name)
    assert match is not None and enc == registry.get("ndvi_300m").encoding_for(match.band)
    auto, _ = recognised_encoding(name)
    assert auto == enc
    assert recognised_encoding("plain.tif") == (None, None)


def test_anomaly_style_is_the_registry_ramp_stretched():
    qml = anomaly_style((-3.0, 3.0))
    stops = registry.ramp("anomaly")
    assert 'value="-3"' in qml and 'value="3"' in qml and 'value="0"' in qml
    assert all(colour in qml for _, colour in stops)
    assert styles.ramp_qml("anomaly") != qml  # unstretched: −1…1
