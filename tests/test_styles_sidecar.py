"""QML sidecars generated from resources/ style a raster opened from disk, by any route."""

from __future__ import annotations

import numpy as np
import rasterio
from qgis.core import QgsPalettedRasterRenderer, QgsRasterLayer, QgsSingleBandPseudoColorRenderer
from rasterio.transform import from_origin

from clms_toolbox.clms_plugin.analysis.engine.describe import write_style
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
    written = write_style(path, styles.legend_qml("ipcc"))
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
    write_style(path, styles.ramp_qml("ndvi", band=2))
    layer = QgsRasterLayer(path, "p")
    renderer = layer.renderer()
    assert isinstance(renderer, QgsSingleBandPseudoColorRenderer)
    assert renderer.inputBand() == 2
    items = renderer.shader().rasterShaderFunction().colorRampItemList()
    assert [round(i.value, 2) for i in items] == [round(v, 2) for v, _ in registry.ramp("ndvi")]


def test_labels_are_escaped(tmp_path):
    qml = styles.paletted_qml([(1, 'A & "B" <c>', "#000000")])
    assert 'label="A &amp; &quot;B&quot; &lt;c&gt;"' in qml


def test_engine_output_embeds_colours_names_and_style(qgis_app, tmp_path):
    from osgeo import gdal

    from clms_toolbox.clms_plugin.analysis.engine import blocks

    src = _tif(tmp_path / "in.tif")
    out = tmp_path / "classes.tif"
    (tmp_path / "classes.tif.aux.xml").write_text("<PAMDataset>stale</PAMDataset>")
    entries = styles.legend_entries("ipcc")
    names = {c: n for c, n, _ in entries}
    colours = {c: tuple(int(h[i:i + 2], 16) for i in (1, 3, 5)) for c, _, h in entries}
    blocks.run({"a": src}, lambda b: {"o": b["a"]}, {"o": blocks.OutputSpec(
        out, "uint8", nodata=255, colormap=colours, categories=names,
        style=styles.legend_qml("ipcc"))})
    ds = gdal.Open(str(out))
    band = ds.GetRasterBand(1)
    assert band.GetColorTable().GetColorEntry(1)[:3] == colours[1]
    rat = band.GetDefaultRAT()
    assert [rat.GetValueAsString(i, 1) for i in range(rat.GetRowCount())] == \
        [names[c] for c in sorted(names)]
    assert "stale" not in (tmp_path / "classes.tif.aux.xml").read_text()
    layer = QgsRasterLayer(str(out), "fresh")
    assert isinstance(layer.renderer(), QgsPalettedRasterRenderer)
    assert {c.value: c.label for c in layer.renderer().classes()}[4] == "Wetlands"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "classes.qml", "classes.tif", "classes.tif.aux.xml", "in.tif"]
