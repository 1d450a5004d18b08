"""One self-contained HTML page: title, key figures, tables, inline SVG charts, the method.

Why hand-written HTML and not a template engine: the page is small, the plugin must not add a
dependency, and everything is escaped in one place (:func:`html.escape`). The page carries its
own CSS and no script, so QGIS's Results Viewer, a browser and a mail client show it alike.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..outputs import atomic_text

_CSS = """
body{font-family:"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;margin:1.5em;
color:#222;max-width:60em}
h1{font-size:1.4em;margin-bottom:.2em}h2{font-size:1.1em;margin-top:1.6em;
border-bottom:1px solid #ccc;padding-bottom:.2em}
.sub{color:#666;margin-top:0}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.25em .6em}th{background:#f2f2f2;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:600}
dd{margin:0}figure{margin:1em 0}figcaption{color:#555;font-size:.85em}
svg{max-width:100%;height:auto}
.swatch{display:inline-block;width:.9em;height:.9em;border:1px solid #555;
vertical-align:middle;margin-right:.3em}
"""


@dataclass
class Report:
    """A report under construction; ``render()`` returns the HTML text."""

    title: str
    subtitle: str = ""
    parts: list[str] = field(default_factory=list)

    def heading(self, text: str) -> Report:
        self.parts.append(f"<h2>{html.escape(text)}</h2>")
        return self

    def paragraph(self, text: str) -> Report:
        self.parts.append(f"<p>{html.escape(text)}</p>")
        return self

    def table(self, columns: Sequence[str], rows: Sequence[Sequence[object]],
              colours: Sequence[str | None] | None = None, digits: int = 2) -> Report:
        """A table; numbers are right-aligned and formatted, an optional colour swatch leads
        each row (the class colour of the map)."""
        out = ["<table><thead><tr>"]
        out += [f"<th>{html.escape(str(c))}</th>" for c in columns]
        out.append("</tr></thead><tbody>")
        for k, row in enumerate(rows):
            out.append("<tr>")
            for i, value in enumerate(row):
                swatch = ""
                if i == 0 and colours and colours[k]:
                    swatch = (f'<span class="swatch" style="background:'
                              f'{html.escape(str(colours[k]))}"></span>')
                if isinstance(value, bool) or value is None:
                    out.append(f"<td>{swatch}{'' if value is None else value}</td>")
                elif isinstance(value, int):
                    out.append(f'<td class="n">{swatch}{value:,}</td>')
                elif isinstance(value, float):
                    out.append(f'<td class="n">{swatch}{value:,.{digits}f}</td>')
                else:
                    out.append(f"<td>{swatch}{html.escape(str(value))}</td>")
            out.append("</tr>")
        out.append("</tbody></table>")
        self.parts.append("".join(out))
        return self

    def figure(self, svg: str, caption: str = "") -> Report:
        """An inline SVG chart (from :mod:`.charts`, trusted markup) with a caption."""
        cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
        self.parts.append(f"<figure>{svg}{cap}</figure>")
        return self

    def facts(self, items: Sequence[tuple[str, object]]) -> Report:
        """A definition list (method, inputs, legend, area method, citation, licence)."""
        rows = "".join(f"<dt>{html.escape(str(k))}</dt><dd>{html.escape(str(v))}</dd>"
                       for k, v in items)
        self.parts.append(f"<dl>{rows}</dl>")
        return self

    def render(self) -> str:
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        sub = html.escape(self.subtitle + (" · " if self.subtitle else "") +
                          f"generated {stamp} by CLMS Toolbox")
        return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                f"<title>{html.escape(self.title)}</title><style>{_CSS}</style></head>"
                f"<body><h1>{html.escape(self.title)}</h1><p class=\"sub\">{sub}</p>"
                + "\n".join(self.parts) + "</body></html>\n")


def write_report(path: str | os.PathLike, report: Report) -> str:
    """Write the page atomically (it appears under its name only when complete)."""
    with atomic_text(path) as fh:
        fh.write(report.render())
    return str(path)
