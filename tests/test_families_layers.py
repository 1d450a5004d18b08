"""Issue 16 families in QGIS: every synthetic file loads decoded, styled, described, dated."""

from __future__ import annotations

import numpy as np
import pytest
from _product_fixtures import (
    EGMS_DATES,
    RASTER_CASES,
    egms_displacement,
    pixel_centre,
    write_egms_csv,
    write_raster,
    write_vector,
    write_water_level_json,
)


@pytest.fixture
def layers_mod(qgis_app):
    from clms_toolbox.clms_plugin.gui import layers

    return layers


@pytest.mark.parametrize("case", RASTER_CASES, ids=[c.name[:28] for c in RASTER_CASES])
def test_raster_family_decoded_and_styled(layers_mod, tmp_path, case):
    from qgis.core import QgsPalettedRasterRenderer, QgsPointXY, QgsSingleBandPseudoColorRenderer

    from clms_toolbox.clms_plugin.products import registry

    path = write_raster(tmp_path, case)
    layer = layers_mod.make_layer(path, cache_dir=tmp_path / "cache")
    assert layer.isValid()
    assert layer.crs().authid() == case.crs
    prov = layer.dataProvider()
    for col, want in enumerate(case.physical):
        value, ok = prov.sample(QgsPointXY(*pixel_centre(case, col)), 1)
        if want is None:
            assert not ok or np.isnan(value), (case.name, col, value)
        else:
            assert ok and value == pytest.approx(want, rel=1e-5, abs=1e-4), (case.name, col)
    match = registry.identify(case.name)
    enc = match.encoding
    renderer = layer.renderer()
    if enc.kind == "classes":
        assert isinstance(renderer, QgsPalettedRasterRenderer)
        values = {c.value for c in renderer.classes()}
        assert values and not values & set(enc.invalid_values)
        assert {v for v in case.physical if v is not None} <= values
    else:
        assert isinstance(renderer, QgsSingleBandPseudoColorRenderer)
        stops = registry.ramp(enc.ramp)
        assert renderer.classificationMin() == pytest.approx(stops[0][0])
        assert renderer.classificationMax() == pytest.approx(stops[-1][0])
    md = layer.metadata()
    assert md.title().startswith(match.product.title)
    assert any("Copernicus" in r for r in md.rights())
    assert layer.serverProperties().attribution()
    tp = layer.temporalProperties()
    assert tp.isActive() == match.product.is_time_series()
    if case.start:
        assert tp.fixedTemporalRange().begin().date().toPyDate() == case.start


def test_class_colours_are_the_official_ones(layers_mod, tmp_path):
    case = next(c for c in RASTER_CASES if c.product == "clcplus_backbone")
    layer = layers_mod.make_layer(write_raster(tmp_path, case), cache_dir=tmp_path / "c")
    colours = {c.value: (c.color.name(), c.label) for c in layer.renderer().classes()}
    assert colours[1] == ("#ff0000", "Sealed")
    assert colours[10] == ("#0080ff", "Water") and 253 not in colours
    case = next(c for c in RASTER_CASES if c.product == "lcfm_lcm10")
    layer = layers_mod.make_layer(write_raster(tmp_path, case), cache_dir=tmp_path / "c")
    colours = {c.value: c.color.name() for c in layer.renderer().classes()}
    assert colours[90] == "#fa0000" and colours[100] == "#0064c8" and 254 not in colours


@pytest.mark.parametrize(("product", "field", "code", "colour"), [
    ("urban_atlas", "code_2018", "11100", "#800000"),
    ("riparian_zones", "CODE_1_18", 3, "#00a600"),
    ("n2k", "CODE_1_18", 7, "#a6a6ff"),
    ("coastal_zones", "CODE_1_18", 8, "#80f2e6"),
])
def test_vector_products_styled(layers_mod, tmp_path, product, field, code, colour):
    from qgis.core import QgsCategorizedSymbolRenderer, QgsVectorLayer

    layer = layers_mod.make_layer(write_vector(tmp_path, product))
    assert isinstance(layer, QgsVectorLayer) and layer.isValid()
    assert layer.featureCount() >= 4 and layer.crs().authid() == "EPSG:3035"
    renderer = layer.renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer)
    assert renderer.classAttribute() == field
    cats = {c.value(): (c.symbol().color().name(), c.label()) for c in renderer.categories()}
    assert cats[code][0] == colour
    assert len(cats) == layer.uniqueValues(layer.fields().indexOf(field)).__len__()
    md = layer.metadata()
    assert any("Copernicus Land Monitoring Service" in r for r in md.rights())
    assert "land.copernicus.eu" in md.links()[0].url
    assert layer.serverProperties().attribution().startswith("© European Union")


def test_urban_atlas_labels(layers_mod, tmp_path):
    layer = layers_mod.make_layer(write_vector(tmp_path, "urban_atlas"))
    labels = {c.value(): c.label() for c in layer.renderer().categories()}
    assert labels["14100"] == "14100 Green urban areas"
    assert list(labels)[:2] == ["11100", "12210"]  # nomenclature order


def test_water_level_points_dated(layers_mod, tmp_path):
    from qgis.core import Qgis

    layer = layers_mod.make_layer(write_water_level_json(tmp_path))
    assert layer.isValid() and layer.featureCount() == 6
    assert layer.providerType() == "ogr" and ".clms" in layer.source()  # kept in the project
    tp = layer.temporalProperties()
    assert tp.isActive() and tp.mode() == Qgis.VectorTemporalMode.FeatureDateTimeInstantFromField
    assert tp.startField() == "date"
    feats = sorted(layer.getFeatures(), key=lambda f: f["date"])
    assert feats[0]["date"].date().toPyDate().isoformat() == "2023-01-03"
    assert feats[0]["height_m"] == pytest.approx(1134.21)
    assert feats[0].geometry().asPoint().x() == pytest.approx(32.9)


def _egms_layer(layers_mod, tmp_path, level="L2b"):
    from qgis.core import QgsProject

    layer = layers_mod.make_layer(write_egms_csv(tmp_path, level=level))
    QgsProject.instance().addMapLayer(layer)
    return layer


def test_egms_points_velocity_style(layers_mod, tmp_path):
    from qgis.core import QgsGraduatedSymbolRenderer, QgsProject

    layer = _egms_layer(layers_mod, tmp_path)
    try:
        assert layer.isValid() and layer.featureCount() == 25
        assert layer.crs().authid() == "EPSG:4326"
        renderer = layer.renderer()
        assert isinstance(renderer, QgsGraduatedSymbolRenderer)
        assert renderer.classAttribute() == "mean_velocity"
        ranges = renderer.ranges()
        assert len(ranges) == 9
        assert (ranges[4].lowerValue(), ranges[4].upperValue()) == (-2.0, 2.0)
        assert ranges[0].symbol().color().name() == "#a50026"
        assert ranges[-1].symbol().color().name() == "#313695"
        fast = next(f for f in layer.getFeatures() if f["mean_velocity"] == -24.0)
        assert renderer.rangeForValue(fast["mean_velocity"]).label().startswith("<")
        names = [a.name() for a in layer.actions().actions()]
        assert "Displacement time series (EGMS)" in names
        assert layer.metadata().title().startswith("EGMS L2b")
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_egms_l3_projected(layers_mod, tmp_path):
    from qgis.core import QgsProject

    layer = _egms_layer(layers_mod, tmp_path, "L3")
    try:
        assert layer.crs().authid() == "EPSG:3035" and layer.featureCount() == 25
        assert layer.name() == "EGMS L3 U mean velocity"
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_egms_time_series_plot_for_one_point(layers_mod, tmp_path):
    from qgis.core import QgsProject

    from clms_toolbox.clms_plugin.gui import egms_plot

    layer = _egms_layer(layers_mod, tmp_path)
    try:
        feature = next(f for f in layer.getFeatures() if f["pid"] == "1VqW000024")
        dialog = egms_plot.show_feature(layer.id(), feature.id())
        plot = dialog.plot
        assert [d for d, _ in plot.points] == EGMS_DATES
        assert plot.points[-1][1] == pytest.approx(egms_displacement(24.0, EGMS_DATES[-1], 24))
        assert plot.points[0][1] == pytest.approx(0.0, abs=0.02)
        assert "24.00 mm/year" in dialog.info.text()
        assert f"{len(EGMS_DATES)} acquisitions" in dialog.info.text()
        plot.resize(640, 360)
        first = plot.to_screen(*plot.points[0])
        last = plot.to_screen(*plot.points[-1])
        assert first.x() < last.x() and first.y() > last.y()  # rising to the right
        image = plot.grab().toImage()
        assert not image.isNull() and image.width() == 640
        assert image.pixelColor(int(last.x()), int(last.y())).name() == "#1f5fa8"
        # the layer action runs the same code path through the action command
        action = next(a for a in layer.actions().actions() if "EGMS" in a.name())
        assert "egms_plot.show_feature" in action.command()
        # the map tool hands the clicked feature to the same window
        from qgis.gui import QgsMapCanvas

        canvas = QgsMapCanvas()
        tool = egms_plot.EgmsPointTool(canvas, layer)
        tool.featureIdentified.emit(feature)
        assert tool.dialog is dialog
        dialog.close()
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_details_panel_says_what_arrives(qgis_app):
    from clms_toolbox.clms_plugin.catalog.models import Dataset
    from clms_toolbox.clms_plugin.gui.details_panel import DetailsPanel

    panel = DetailsPanel()
    for title, expected in [
        ("Urban Atlas Land Cover/Land Use 2018 (vector), Europe, 6-yearly", "GeoPackage"),
        ("European Ground Motion Service: Calibrated (Level 2b)", "CSV"),
        ("Snow Cover Extent 2017-present (raster 500 m), Europe, daily", "500 m"),
        ("CLC+ Backbone 2021 (raster 10 m), Europe, 3-yearly", "legend 'clcplus_backbone'"),
    ]:
        panel.show_dataset(Dataset(uid="u", url="https://land.copernicus.eu/x", title=title))
        text = panel.body.toPlainText()
        assert "What arrives" in text and expected in text, (title, text)


def test_load_files_groups_vectors_points_and_archives(layers_mod, qgis_new_project, tmp_path):
    import zipfile

    from qgis.core import QgsProject

    from clms_toolbox.clms_plugin.products import families

    egms_csv = write_egms_csv(tmp_path / "src", level="L3")
    archive = tmp_path / (egms_csv.stem + ".zip")
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(egms_csv, egms_csv.name)
    gpkg = write_vector(tmp_path, "n2k")
    extracted = [gpkg, tmp_path / "N2K_2018_3035_v010.qml", tmp_path / "readme.pdf", archive]
    paths = families.loadable(extracted)
    assert paths == [gpkg, archive]
    project = QgsProject.instance()
    loaded = layers_mod.load_files(paths, project, cache_dir=tmp_path / "cache")
    assert len(loaded) == 2 and all(layer.isValid() for layer in loaded)
    root = project.layerTreeRoot()
    assert root.findGroup("Natura 2000 land cover / land use") is not None
    egms_group = root.findGroup("European Ground Motion Service (EGMS) measurement points")
    assert egms_group is not None
    assert egms_group.children()[0].layer().featureCount() == 25
    assert (tmp_path / "cache" / egms_csv.name).is_file()
