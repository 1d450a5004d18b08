"""Encodings declared once in products/ and read from there by the domains (no QGIS)."""

from __future__ import annotations

import numpy as np
import pytest

from clms_toolbox.clms_plugin.analysis.landcover import IPCC_NAMES
from clms_toolbox.clms_plugin.analysis.landcover.sdg import UNCCD_NAMES
from clms_toolbox.clms_plugin.analysis.phenology import inputs as pi
from clms_toolbox.clms_plugin.analysis.water import encodings as we
from clms_toolbox.clms_plugin.analysis.water.transitions import TRANSITION_CLASSES
from clms_toolbox.clms_plugin.products import encodings, landcover, registry


def test_ppi_is_a_named_encoding_of_products():
    ppi = encodings.encoding("hrvpp_ppi")
    assert (ppi.dtype, ppi.scale, ppi.nodata, ppi.valid_max) == ("uint16", 0.0001, (65535.0,),
                                                                 65534)
    label = pi.PRODUCT_CHOICES[7][0]
    enc, chosen = pi.encoding_for(7, ["any.tif"])
    assert enc == ppi and chosen == label == "HR-VPP PPI (/10000, 65535 nodata)"
    got = pi.decode(np.array([0, 5000, 10000, 65535], np.uint16), enc)
    np.testing.assert_allclose(got[:3], [0.0, 0.5, 1.0], rtol=1e-6)
    assert np.isnan(got[3])
    with pytest.raises(KeyError, match="unknown product or encoding 'nope'"):
        encodings.encoding("nope")


def test_phenology_labels_are_generated_from_the_declarations():
    labels = dict((pid, label) for label, pid in pi.PRODUCT_CHOICES)
    assert labels["ndvi_300m"] == "CGLS NDVI 300 m DN (/250 − 0.08, flags 251–255)"
    assert labels["lai_300m"] == "CGLS LAI 300 m DN (/30, flags 211, 255)"
    assert labels["fapar_300m"] == "CGLS FAPAR 300 m DN (/250, flags 236, 255)"
    for pid, label in labels.items():  # every product choice resolves through products/
        if pid not in (None, "auto"):
            assert encodings.describe(encodings.encoding(pid)) in label


def test_water_codings_agree_with_the_product_legends():
    """Each declared water/not-water code is a class of the product's legend, and the
    declared no-data codes are the product's flags or legend classes (sea)."""
    for coding in encodings.water_codings():
        if coding.product is None:
            continue
        product = registry.get(coding.product)
        names = {c: n.lower() for c, n, _ in registry.legend(product.encoding.legend) or ()}
        assert all("water" in names[c] and "no" not in names[c] for c in coding.water)
        assert all(names[c].startswith(("no", "not")) for c in coding.not_water)
        assert set(coding.no_data) <= set(product.encoding.flags) | set(names)
    yearly = {n.lower(): c for c, n, _ in registry.legend("gsw_yearly") or ()}
    assert yearly == {"not water": encodings.YEARLY_CLASSES["not_water"],
                      "seasonal water": encodings.YEARLY_CLASSES["seasonal"],
                      "permanent water": encodings.YEARLY_CLASSES["permanent"]}


@pytest.mark.parametrize("index", range(3))
def test_water_decoding_follows_the_declaration(index):
    """The water kernels decode exactly what products/encodings.json declares, on all 256
    byte values and on Int16, by the LUT and by the fast comparisons alike."""
    coding = encodings.water_codings()[index]
    assert we.ENCODING_LABELS[index] == coding.label
    values = np.arange(256, dtype=np.uint8)
    expected = np.zeros(256, np.uint8)
    expected[list(coding.not_water)] = encodings.WATER_STATES["not_water"]
    expected[list(coding.water)] = encodings.WATER_STATES["water"]
    assert np.array_equal(we.decode_monthly(values, index), expected)
    assert np.array_equal(we.decode_monthly(values.astype(np.int16), index), expected)
    water, valid = we.water_and_valid(values, index)
    assert np.array_equal(water, expected == 2) and np.array_equal(valid, expected > 0)
    assert all(expected[c] == 0 for c in coding.no_data)


def test_gsw_codings_by_number():
    """Independent of the data file: the GSW / CLMS WB / binary numbers of algorithms.md §3.2."""
    assert (we.ENCODING_GSW, we.ENCODING_CLMS_WB, we.ENCODING_BINARY) == (0, 1, 2)
    assert list(we.decode_monthly(np.array([0, 1, 2, 3], np.uint8), 0)) == [0, 1, 2, 0]
    assert list(we.decode_monthly(np.array([70, 255, 251, 0], np.uint8), 1)) == [2, 1, 0, 0]
    assert list(we.decode_monthly(np.array([1, 0, 255], np.uint8), 2)) == [2, 1, 0]
    assert list(we.yearly_class(np.array([0, 0, 2, 3]), np.array([0, 3, 3, 3]))) == [0, 1, 2, 3]


def test_class_names_come_from_the_legends():
    unccd = landcover.load_legend("unccd")
    assert UNCCD_NAMES == {c.code: c.name for c in unccd.classes if not c.nodata}
    assert UNCCD_NAMES[1] == "Tree-covered" and UNCCD_NAMES[7] == "Water body"
    assert landcover.sdg_legend_enum()[7] == (
        "unccd", "Already UNCCD 7 classes (1 Tree-covered … 7 Water body)")
    assert IPCC_NAMES == {c.code: c.name for c in landcover.load_legend("ipcc").classes}
    assert TRANSITION_CLASSES == tuple((c, n) for c, n, _ in registry.legend("gsw_transitions"))
    assert dict(TRANSITION_CLASSES)[9] == "Ephemeral permanent"
