"""Screenshots of issue-16 layers under Xvfb (run by test_families_screenshots.py).

Usage: python _families_shots.py OUT_DIR WORK_DIR — a window of 1366×768 with a map canvas and
the layer-tree legend shows a styled Urban Atlas layer, then EGMS points, then the displacement
plot of one point; each is grabbed from the X screen into OUT_DIR.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
PLUGINS = Path(tempfile.mkdtemp(prefix="clms-shots-"))
(PLUGINS / "clms_toolbox").symlink_to(HERE.parent, target_is_directory=True)
sys.path.insert(0, str(PLUGINS))

from qgis.core import QgsApplication, QgsProject  # noqa: E402
from qgis.gui import QgsLayerTreeMapCanvasBridge, QgsLayerTreeView, QgsMapCanvas  # noqa: E402
from qgis.PyQt.QtCore import Qt  # noqa: E402
from qgis.PyQt.QtWidgets import QApplication, QHBoxLayout, QMainWindow, QWidget  # noqa: E402


def pump(app: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()


def shoot(app: QApplication, canvas: QgsMapCanvas, layer, out: Path) -> bool:
    QgsProject.instance().removeAllMapLayers()
    QgsProject.instance().addMapLayer(layer)
    canvas.setDestinationCrs(layer.crs())
    canvas.setLayers([layer])
    extent = layer.extent()
    extent.scale(1.15)
    canvas.setExtent(extent)
    canvas.refresh()
    pump(app)
    canvas.waitWhileRendering()
    pump(app)
    return QApplication.primaryScreen().grabWindow(0).save(str(out))


def main(out_dir: str, work_dir: str) -> None:
    from _product_fixtures import write_egms_csv, write_vector

    from clms_toolbox.clms_plugin.gui import egms_plot, layers

    app = QgsApplication([], True)
    app.initQgis()
    out, work = Path(out_dir), Path(work_dir)
    window = QMainWindow()
    window.setWindowTitle("CLMS Toolbox — issue 16 layers")
    central = QWidget()
    row = QHBoxLayout(central)
    tree = QgsLayerTreeView()
    from qgis.core import QgsLayerTreeModel

    model = QgsLayerTreeModel(QgsProject.instance().layerTreeRoot())
    tree.setModel(model)
    tree.setMinimumWidth(430)
    canvas = QgsMapCanvas()
    canvas.setCanvasColor(Qt.white)
    QgsLayerTreeMapCanvasBridge(QgsProject.instance().layerTreeRoot(), canvas)
    row.addWidget(tree)
    row.addWidget(canvas, 1)
    window.setCentralWidget(central)
    window.setGeometry(0, 0, 1366, 768)
    window.show()
    pump(app)
    report = {}
    ua = layers.make_layer(write_vector(work, "urban_atlas"))
    report["urban_atlas"] = shoot(app, canvas, ua, out / "families_urban_atlas.png")
    tree.expandAll()
    egms_csv = write_egms_csv(work / "egms", level="L2b", n=900)
    points = layers.make_layer(egms_csv)
    report["egms_points"] = shoot(app, canvas, points, out / "families_egms_points.png")
    tree.expandAll()
    pump(app)
    report["egms_points"] = QApplication.primaryScreen().grabWindow(0).save(
        str(out / "families_egms_points.png"))
    feature = next(f for f in points.getFeatures() if f["pid"] == "1VqW000150")
    dialog = egms_plot.show_feature(points.id(), feature.id(), window)
    dialog.setGeometry(233, 134, 900, 500)
    pump(app, 40)
    report["egms_plot"] = QApplication.primaryScreen().grabWindow(0).save(
        str(out / "families_egms_plot.png"))
    report["plot_points"] = len(dialog.plot.points)
    (out / "families_shots.json").write_text(json.dumps(report))
    code = 0 if all(v for k, v in report.items() if k != "plot_points") else 1
    sys.stdout.flush()
    os._exit(code)  # before Python tears the widgets down in random order (segfaults)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
