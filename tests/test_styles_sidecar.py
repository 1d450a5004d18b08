"""QML sidecars generated from resources/ style a raster opened from disk, by any route."""

from __future__ import annotations

import numpy as np
import rasterio
from qgis.core import QgsPalettedRasterRenderer, QgsRasterLayer, QgsSingleBandPseudoColorRenderer
from rasterio.transform import from_origin

from clms_toolbox.clms_plugin.products import registry, styles


def _tif(path, dtype="uint8", count=1):
    arr = (np.arange(16).reshape(4, 4) % 6 + 1).astype(dtype)
    with rasterio.open(path, "w", driver="GTiff", width=4, height=4, count=count, dtype=dtype,
                       crs="EPSG:3035", transform=from_origin(0, 40, 10, 10)) as ds:
        for b in range(1, count + 1):
            ds.write(arr, b)
    return str(path)


def test_legend_sidecar_is_the_default_style(qgis_app, tmp_path):
    path = _tif(tmp_path / "ipcc.tif")
    written = styles.write_sidecar(path, styles.legend_qml("ipcc"))
    assert written == str(tmp_path / "ipcc.qml")
    layer = QgsRasterLayer(path, "ipcc")  # a fresh layer, as the browser opens it
    assert layer.isValid()
    renderer = layer.renderer()
    assert isinstance(renderer, QgsPalettedRasterRenderer)
    labels = {c.value: c.label for c in renderer.classes()}
    assert labels[1] == "Forest land" and labels[6] == "Other land"
    colours = {c.value: c.color.name() for c in renderer.classes()}
    assert colours[1] == dict((c, h) for c, _, h in styles.legend_entries("ipcc"))[1]


def test_ramp_sidecar_on_a_chosen_band(qgis_app, tmp_path):
    path = _tif(tmp_path / "pheno.tif", "int16", count=3)
    styles.write_sidecar(path, styles.ramp_qml("ndvi", band=2))
    layer = QgsRasterLayer(path, "p")
    renderer = layer.renderer()
    assert isinstance(renderer, QgsSingleBandPseudoColorRenderer)
    assert renderer.inputBand() == 2
    items = renderer.shader().rasterShaderFunction().colorRampItemList()
    assert [round(i.value, 2) for i in items] == [round(v, 2) for v, _ in registry.ramp("ndvi")]


def test_labels_are_escaped(tmp_path):
    qml = styles.paletted_qml([(1, 'A & "B" <c>', "#000000")])
    assert 'label="A &amp; &quot;B&quot; &lt;c&gt;"' in qml
