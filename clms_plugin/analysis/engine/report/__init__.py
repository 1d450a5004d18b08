"""Reports a user can hand over: matplotlib charts as inline SVG in one HTML page (QGIS-free).

Why its own package: four algorithms (land-use change, SDG 15.3.1, both water algorithms) and
the newer ones (zonal time series, land representation) write the same kind of page — tables,
a chart, the method and the product citation. One page builder and one set of charts keep
them alike; the page has no script and loads nothing from the internet, so it opens in the
Processing Results Viewer, a browser or an e-mail attachment alike.
"""

from .charts import bar_chart, flow_chart, heatmap, line_chart, stacked_area
from .page import Report, write_report
from .results import change_matrix_report, class_area_report

__all__ = ["Report", "bar_chart", "change_matrix_report", "class_area_report", "flow_chart",
           "heatmap", "line_chart", "stacked_area", "write_report"]
