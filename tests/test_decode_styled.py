"""clms:decodeproduct output lands styled: Processing's own load-on-completion path."""

from __future__ import annotations

import pytest
from test_decode_product import write_ndvi300

from clms_toolbox.devtools import product_examples


@pytest.fixture
def processing_mod(qgis_processing, provider):
    import processing

    return processing


def _loaded(project, path):
    found = [lyr for lyr in project.mapLayers().values()
             if lyr.source().split("|")[0] == str(path)]
    assert len(found) == 1, [lyr.source() for lyr in project.mapLayers().values()]
    return found[0]


def test_decoded_ndvi_loads_with_the_registry_ramp(processing_mod, qgis_new_project, tmp_path):
    from qgis.core import QgsProject, QgsSingleBandPseudoColorRenderer

    from clms_toolbox.clms_plugin.products import registry

    src, _dn = write_ndvi300(tmp_path)
    out = tmp_path / "ndvi_decoded.tif"
    processing_mod.runAndLoadResults("clms:decodeproduct",
                                     {"INPUT": str(src), "PRODUCT": 0, "OUTPUT": str(out)})
    layer = _loaded(QgsProject.instance(), out)
    renderer = layer.renderer()
    assert isinstance(renderer, QgsSingleBandPseudoColorRenderer)
    enc = registry.get("ndvi_300m").encoding
    stops = registry.ramp(enc.ramp)
    items = renderer.shader().rasterShaderFunction().colorRampItemList()
    assert [(round(i.value, 6), i.color.name()) for i in items] == \
        [(round(v, 6), c.lower()) for v, c in stops]
    assert renderer.classificationMin() == pytest.approx(stops[0][0])
    assert renderer.classificationMax() == pytest.approx(stops[-1][0])
    md = layer.metadata()
    assert md.title().startswith(registry.get("ndvi_300m").title) and "2023-06-11" in md.title()
    assert layer.temporalProperties().isActive()
    rng = layer.temporalProperties().fixedTemporalRange()
    assert rng.begin().date().toString("yyyy-MM-dd") == "2023-06-11"


def test_decoded_class_product_loads_with_its_legend(processing_mod, qgis_new_project,
                                                     tmp_path):
    from qgis.core import QgsPalettedRasterRenderer, QgsProject

    from clms_toolbox.clms_plugin.gui import layers
    from clms_toolbox.clms_plugin.products import registry

    src = product_examples.write_example(tmp_path, "wb_100m", width=40, height=30)
    match = registry.identify(src)
    out = tmp_path / "lc_decoded.tif"
    processing_mod.runAndLoadResults("clms:decodeproduct",
                                     {"INPUT": str(src), "PRODUCT": 0, "OUTPUT": str(out)})
    layer = _loaded(QgsProject.instance(), out)
    renderer = layer.renderer()
    assert isinstance(renderer, QgsPalettedRasterRenderer)
    want = [(code, colour.lower()) for code, _label, colour
            in layers.legend_classes(match.encoding.legend)
            if code not in set(match.encoding.invalid_values)]
    assert [(c.value, c.color.name()) for c in renderer.classes()] == want


def test_plain_run_sets_no_post_processor(processing_mod, tmp_path):
    """Without load-on-completion nothing is styled (and nothing breaks)."""
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    src, _dn = write_ndvi300(tmp_path)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    res = processing_mod.run("clms:decodeproduct", {"INPUT": str(src), "OUTPUT":
                                                    str(tmp_path / "o.tif")},
                             context=context, feedback=QgsProcessingFeedback())
    assert res["OUTPUT"] == str(tmp_path / "o.tif")
    assert context.layersToLoadOnCompletion() == {}
