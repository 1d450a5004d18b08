"""Product registry: identification of real CLMS file names, dates and DN decoding."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import rasterio

from clms_toolbox.clms_plugin.products import registry
from clms_toolbox.devtools import product_examples

NAMES = [
    # (file name, product id, start, end, band)
    ("W080N20_PROBAV_LC100_global_v3.0.1_2019-nrt_Discrete-Classification-map_EPSG-4326.tif",
     "lc100", dt.date(2019, 1, 1), dt.date(2019, 12, 31), "Discrete-Classification"),
    ("ESA_WorldCover_10m_2021_v200_N00E006_Map.tif", "worldcover", dt.date(2021, 1, 1),
     dt.date(2021, 12, 31), "Map"),
    ("U2018_CLC2018_V2020_20u1.tif", "clc", dt.date(2018, 1, 1), dt.date(2018, 12, 31), None),
    ("c_gls_NDVI300_202306110000_GLOBE_OLCI_V2.0.1.nc", "ndvi_300m", dt.date(2023, 6, 11),
     dt.date(2023, 6, 20), None),
    ("c_gls_NDVI300-NDVI_202302210000_GLOBE_OLCI_V2.0.1.tiff", "ndvi_300m",
     dt.date(2023, 2, 21), dt.date(2023, 2, 28), "NDVI"),
    ("c_gls_NDVI_202001010000_GLOBE_PROBAV_V3.0.1.nc", "ndvi_1km", dt.date(2020, 1, 1),
     dt.date(2020, 1, 10), None),
    ("c_gls_LAI300-RT0_202112200000_GLOBE_OLCI_V1.1.2.nc", "lai_300m", dt.date(2021, 12, 11),
     dt.date(2021, 12, 20), "RT0"),
    ("c_gls_FAPAR300-RT1_202001310000_GLOBE_PROBAV_V1.0.1.nc", "fapar_300m",
     dt.date(2020, 1, 21), dt.date(2020, 1, 31), "RT1"),
    ("c_gls_FCOVER300-RT6_202001100000_GLOBE_PROBAV_V1.0.1.nc", "fcover_300m",
     dt.date(2020, 1, 1), dt.date(2020, 1, 10), "RT6"),
    ("c_gls_DMP300-RT0_202001100000_GLOBE_PROBAV_V1.0.1.nc", "dmp", dt.date(2020, 1, 1),
     dt.date(2020, 1, 10), "RT0"),
    ("c_gls_GDMP_201901100000_GLOBE_PROBAV_V2.0.1.nc", "gdmp", dt.date(2019, 1, 1),
     dt.date(2019, 1, 10), None),
    ("c_gls_WB100_202306010000_GLOBE_S2_V1.0.1.nc", "wb_100m", dt.date(2023, 6, 1),
     dt.date(2023, 6, 30), None),
    ("c_gls_WB300_202306010000_GLOBE_S2_V2.0.1.nc", "wb_300m", dt.date(2023, 6, 1),
     dt.date(2023, 6, 30), None),
    ("occurrence_60W_10Nv1_4_2021.tif", "gsw_occurrence", dt.date(2021, 1, 1),
     dt.date(2021, 12, 31), None),
    ("transitions_60W_10Nv1_4_2021.tif", "gsw_transitions", dt.date(2021, 1, 1),
     dt.date(2021, 12, 31), None),
    ("change-0000360000-0000480000.tif", "gsw_change", None, None, None),
    ("yearly_classification_2001-0000280000-0000480000.tif", "gsw_yearly",
     dt.date(2001, 1, 1), dt.date(2001, 12, 31), None),
    ("2019_03.tif", "gsw_monthly", dt.date(2019, 3, 1), dt.date(2019, 3, 31), None),
    ("c_gls_SWI_202001011200_GLOBE_ASCAT_V3.1.1.nc", "swi", dt.date(2020, 1, 1),
     dt.date(2020, 1, 1), None),
    ("c_gls_SSM1km_202001010000_CEURO_S1CSAR_V1.1.1.nc", "ssm", dt.date(2020, 1, 1),
     dt.date(2020, 1, 1), None),
    ("c_gls_LST_202001011200_GLOBE_GEO_V1.2.1.nc", "lst", dt.date(2020, 1, 1),
     dt.date(2020, 1, 1), None),
    ("VPP_2022_S2_T40KCC-010m_V105_s2_AMPL.tif", "hrvpp", dt.date(2022, 1, 1),
     dt.date(2022, 12, 31), "AMPL"),
]


@pytest.mark.parametrize(("name", "pid", "start", "end", "band"), NAMES)
def test_identify_names(name, pid, start, end, band):
    match = registry.identify(f"/some/dir/{name}")
    assert match is not None, name
    assert (match.product.id, match.date, match.end, match.band) == (pid, start, end, band)


def test_unknown_names_are_not_guessed():
    assert registry.identify("cropsar_ndvi.nc") is None
    assert registry.identify("clc.tif") is None
    assert registry.identify("c_gls_NDVI300_202313010000_GLOBE_OLCI_V2.0.1.nc") is None  # month 13
    with pytest.raises(ValueError, match="choose the product"):
        registry.identify_or_raise("holiday.jpg")


def test_every_product_has_licence_citation_and_matching_band_encodings():
    ids = registry.product_ids()
    for required in ("lc100", "worldcover", "clc", "ndvi_300m", "ndvi_1km", "lai_300m",
                     "fapar_300m", "fcover_300m", "dmp", "gdmp", "lsp_300m", "hrvpp",
                     "wb_100m", "wb_300m", "gsw_occurrence", "gsw_change", "gsw_transitions",
                     "swi", "ssm", "lst"):
        assert required in ids
    for product in registry.products():
        assert product.licence and product.citation and product.abstract, product.id
        enc = product.encoding
        assert enc.kind in ("classes", "continuous")
        if enc.kind == "continuous" and enc.ramp:
            assert registry.ramp(enc.ramp)
    with pytest.raises(KeyError, match="unknown CLMS product"):
        registry.get("nope")


def test_ndvi_decode_flags_and_scale():
    enc = registry.get("ndvi_300m").encoding
    dn = np.array([[0, 125, 250], [251, 253, 255]], dtype=np.uint8)
    out = enc.decode(dn)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out[0].data, [-0.08, 0.42, 0.92], atol=1e-6)
    assert out.mask.tolist() == [[False, False, False], [True, True, True]]
    filled = enc.decode_filled(dn)
    assert np.isnan(filled[1]).all() and np.isfinite(filled[0]).all()


def test_gsw_change_and_lst_offsets():
    change = registry.get("gsw_change").encoding.decode(np.array([0, 100, 200, 253, 254, 255],
                                                                  dtype=np.uint8))
    assert change.compressed().tolist() == [-100.0, 0.0, 100.0]
    lst = registry.get("lst").encoding.decode(np.array([-6000, 0, -32768], dtype=np.int16))
    np.testing.assert_allclose(lst.compressed(), [213.15, 273.15], atol=1e-3)
    assert lst.mask.tolist() == [False, False, True]


def test_band_specific_encodings():
    lc = registry.identify(
        "W020N40_PROBAV_LC100_global_v3.0.1_2018-conso_Tree-CoverFraction-layer_EPSG-4326.tif")
    assert lc.encoding.kind == "continuous" and lc.encoding.valid_max == 100
    nobs = registry.identify("c_gls_NDVI-NOBS_202001010000_GLOBE_PROBAV_V3.0.1.tiff")
    assert nobs.encoding.scale == 1.0
    vpp = registry.identify("VPP_2022_S2_T40KCC-010m_V105_s1_SOSD.tif")
    assert vpp.encoding.unit == "YYDOY"


def test_real_lc100_sample_decodes_to_class_codes(samples_dir):
    path = next((samples_dir / "lc100").glob("*2015-base*.tif"))
    match = registry.identify(path)
    assert match.product.id == "lc100" and match.encoding.legend == "lc100"
    with rasterio.open(path) as src:
        dn = src.read(1)
        out = match.encoding.decode(dn, extra_nodata=src.nodata)
    # the README histogram: no 0/255 pixels, classes 20..126, 59,644 pixels
    assert out.count() == 59644
    assert set(np.unique(out.compressed()).astype(int)) == {
        20, 30, 40, 50, 112, 114, 115, 116, 122, 124, 125, 126}


def test_real_gsw_change_sample_masks_specials(samples_dir):
    path = samples_dir / "gsw" / "change-0000360000-0000480000.tif"
    match = registry.identify(path)
    with rasterio.open(path) as src:
        out = match.encoding.decode(src.read(1), extra_nodata=src.nodata)
    # README: 13,846 px at DN 200 (+100 %), 2,405 px "not water" (253)
    assert int(out.mask.sum()) == 2405
    assert int((out == 100.0).sum()) == 13846
    assert float(out.min()) == 46.0  # DN 146


@pytest.mark.parametrize("pid", sorted(product_examples.EXAMPLE_NAMES))
def test_examples_are_identified_and_decode(tmp_path, pid):
    path = product_examples.write_example(tmp_path, pid)
    match = registry.identify(path)
    assert match is not None and match.product.id == pid
    with rasterio.open(path) as src:
        out = match.encoding.decode(src.read(1))
    assert 0 < out.mask.mean() < 0.2  # flags present and masked
    rng = match.encoding.physical_range()
    if rng:
        assert rng[0] - 1e-4 <= float(out.min()) and float(out.max()) <= rng[1] + 1e-4


@pytest.mark.parametrize("dtype", ["uint8", "int8", "uint16", "int16"])
def test_decode_filled_table_equals_the_masked_decode(dtype: str) -> None:
    """8/16-bit DNs are decoded through a look-up table: every DN, flag, nodata and range
    rule must give what the masked decode gives (also on strided views)."""
    from clms_toolbox.clms_plugin.products.product_models import Encoding

    info = np.iinfo(dtype)
    rng = np.random.default_rng(7)
    dn = rng.integers(info.min, info.max + 1, (40, 400), dtype=dtype)
    encodings = [registry.get("ndvi_300m").encoding,
                 Encoding(dtype=dtype, scale=0.5, offset=3.0, flags={int(info.min): "f"},
                          nodata=(float(info.max),), valid_min=int(info.min) + 10,
                          valid_max=int(info.max) - 10)]
    for enc in encodings:
        for nd in (None, float("nan"), 7.0):
            for arr in (dn, dn[:, ::3]):
                got = enc.decode_filled(arr, np.nan, nd)
                ref = enc.decode(arr, nd).filled(np.float32(np.nan)).astype(np.float32)
                assert got.dtype == np.float32 and got.shape == arr.shape
                np.testing.assert_array_equal(got, ref)
