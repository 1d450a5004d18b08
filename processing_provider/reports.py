"""The ``REPORT`` output of the change algorithms: declared, described and written the same way.

Why a helper: four algorithms hand over the same kind of page (tables, a chart, the method)
and declare the output the same way. A ``FileDestination`` with an HTML filter becomes a
``QgsProcessingOutputHtml``, which Processing lists in its Results Viewer. The page is drawn
by the QGIS-free ``analysis.engine.report``; this module only gathers what the parameters say
(inputs with their dates, legend, mapping) and writes to the staged output path.
"""

from __future__ import annotations

from collections.abc import Sequence

from qgis.core import QgsProcessingParameterFileDestination

from ..clms_plugin.analysis.engine.report import write_report
from ..clms_plugin.products import provenance
from ..clms_plugin.version import __version__

REPORT = "REPORT"


def report_parameter(alg, help_text: str) -> QgsProcessingParameterFileDestination:
    """The optional HTML report output (skipped unless asked for)."""
    param = QgsProcessingParameterFileDestination(
        REPORT, alg.tr("Report (HTML: tables, chart, method)"), alg.tr("HTML files (*.html)"),
        optional=True, createByDefault=False)
    param.setHelp(help_text)
    return param


def input_facts(alg, names: Sequence[str], dates: dict[str, str] | None = None,
                max_files: int = 4) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(inputs, sources) fact lists for the raster parameters ``names``: each file with its
    product and dates (a long series: the first and last files and a count), and the
    products' citation and licence (from the registry)."""
    files = {n: [s.path for s in alg.sources.get(n, [])] for n in names}
    facts = provenance.input_facts(files, dates)
    inputs: list[tuple[str, str]] = []
    for name in names:
        own = [f for f in facts if f.parameter == name]
        if len(own) > max_files:
            inputs.append((name, own[0].line()))
            inputs.append((name, alg.tr("… {0} more files …").format(len(own) - 2)))
            own = own[-1:]
        inputs += [(name, f.line()) for f in own]
    sources: list[tuple[str, str]] = []
    for citation, licence in provenance.citations(facts):
        if citation:
            sources.append(("Citation", citation))
        if licence:
            sources.append(("Licence", licence))
    sources.append(("Software", f"CLMS Toolbox {__version__} (QGIS plugin)"))
    return inputs, sources


def write(alg, page) -> str | None:
    """Write ``page`` (an ``analysis.engine.report.Report``) to the staged REPORT path, if asked."""
    path = alg.out(REPORT)
    if not path:
        return None
    return write_report(path, page)
