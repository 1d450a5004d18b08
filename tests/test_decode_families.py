"""clms:decodeproduct (auto-detect) on issue-16 raster families: physical Float32, flags → NaN,
and the enum of the existing products keeps its numbers."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
from _product_fixtures import RASTER_CASES, write_raster

CASES = [c for c in RASTER_CASES if c.product in ("npp_300m", "sce_500m", "lswt",
                                                   "clcplus_lulucf", "hrl_tcd", "swe_5km")]


@pytest.fixture
def processing_mod(qgis_processing, provider):
    import processing

    return processing


@pytest.mark.parametrize("case", CASES, ids=[c.product for c in CASES])
def test_decodeproduct_new_families(processing_mod, tmp_path, case):
    src = write_raster(tmp_path, case)
    out = tmp_path / "out.tif"
    processing_mod.run("clms:decodeproduct", {"INPUT": str(src), "PRODUCT": 0,
                                               "OUTPUT": str(out)})
    with rasterio.open(out) as ds:
        assert ds.tags()["CLMS_PRODUCT"] == case.product
        row = ds.read(1)[0, : len(case.physical)]
    for got, want in zip(row.tolist(), case.physical):
        if want is None:
            assert np.isnan(got)
        else:
            assert got == pytest.approx(want, rel=1e-5, abs=1e-4)


def test_existing_product_numbers_unchanged():
    from clms_toolbox.clms_plugin.products import families, registry

    ids = registry.product_ids()
    assert ids[:3] == ["lc100", "worldcover", "clc"] and ids[27] == "lst"
    assert ids.index("npp_300m") == 28  # the new families are appended after the 28
    raster = [p.id for p in families.decodable()]
    assert raster == ids[: len(raster)]  # vectors / points only at the end
    assert "egms" not in raster and "urban_atlas" not in raster
