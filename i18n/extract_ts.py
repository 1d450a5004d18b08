"""Regenerate ``i18n/clms_toolbox_en.ts`` (the translators' source file) from the Python code.

Why not pylupdate5: it is not always installed (pyqt5-dev-tools) and it does not follow the
module-level ``tr()`` helpers this plugin uses. This script reads every ``.py`` file with ``ast``:
a module's ``def tr(text)`` that calls ``QCoreApplication.translate("Context", text)`` gives the
context of every ``tr("…")`` / ``self.tr("…")`` in that module; direct
``QCoreApplication.translate("Context", "…")`` calls are collected too.

Usage:  python i18n/extract_ts.py           (writes i18n/clms_toolbox_en.ts)
Then:   lrelease i18n/clms_toolbox_<ll>.ts  (after translation; .qm files are not committed)
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("clms_plugin", "processing_provider", "__init__.py")


def _str(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_translate(call: ast.Call) -> bool:
    f = call.func
    return isinstance(f, ast.Attribute) and f.attr == "translate"


def module_context(tree: ast.Module) -> str | None:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "tr":
            for sub in ast.walk(node):
                if isinstance(sub, ast.Call) and _is_translate(sub) and sub.args:
                    return _str(sub.args[0])
    return None


def class_contexts(tree: ast.Module) -> dict[int, str]:
    """Line ranges of classes whose ``self.tr`` uses the class name as context."""
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                out[line] = node.name
    return out


def extract(path: Path, messages: dict[str, dict[str, list[str]]]) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    context = module_context(tree)
    classes = class_contexts(tree)
    rel = path.relative_to(ROOT).as_posix()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        f = node.func
        if _is_translate(node) and len(node.args) >= 2:
            ctx, text = _str(node.args[0]), _str(node.args[1])
        elif isinstance(f, ast.Name) and f.id == "tr":
            ctx, text = context, _str(node.args[0])
        elif isinstance(f, ast.Attribute) and f.attr == "tr":
            ctx, text = classes.get(node.lineno) or context, _str(node.args[0])
        else:
            continue
        if ctx and text:
            messages[ctx].setdefault(text, []).append(f"{rel}:{node.lineno}")


def main() -> int:
    messages: dict[str, dict[str, list[str]]] = defaultdict(dict)
    files = []
    for entry in SOURCES:
        p = ROOT / entry
        files.extend(sorted(p.rglob("*.py")) if p.is_dir() else [p])
    for path in files:
        extract(path, messages)
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>",
             '<TS version="2.1" language="en">']
    for ctx in sorted(messages):
        lines.append(f"<context>\n    <name>{escape(ctx)}</name>")
        for text, where in messages[ctx].items():
            lines.append("    <message>")
            for loc in where[:3]:
                fname, line = loc.rsplit(":", 1)
                lines.append(f'        <location filename="../{fname}" line="{line}"/>')
            numerus = ' numerus="yes"' if "%n" in text else ""
            lines[-len(where[:3]) - 1] = f"    <message{numerus}>"
            lines.append(f"        <source>{escape(text)}</source>")
            if numerus:
                lines.append('        <translation type="unfinished">'
                             "<numerusform></numerusform></translation>")
            else:
                lines.append('        <translation type="unfinished"></translation>')
            lines.append("    </message>")
        lines.append("</context>")
    lines.append("</TS>")
    out = ROOT / "i18n" / "clms_toolbox_en.ts"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pro = ROOT / "i18n" / "clms_toolbox.pro"
    pro.write_text("# Sources for pylupdate5 (alternative to extract_ts.py)\nSOURCES = \\\n"
                   + " \\\n".join(f"    ../{p.relative_to(ROOT).as_posix()}" for p in files)
                   + "\n\nTRANSLATIONS = clms_toolbox_en.ts\n", encoding="utf-8")
    print(f"{out}: {sum(len(v) for v in messages.values())} messages in {len(messages)} contexts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
