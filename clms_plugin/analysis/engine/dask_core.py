"""Ship the QGIS-free core to dask workers at run time (standard library only).

Why not ``Client.upload_file(core.zip)``: the worker would import the package from inside
the zip (zipimport), but modules find their data files (legends, mappings, products.json,
metadata.txt) through ``PLUGIN_ROOT`` on disk, which a zip does not have. Why not
distributed's ``UploadDirectory``: it is a *nanny* plugin that extracts in the nanny and
only reaches the worker's ``sys.path`` after a worker restart (seconds per run), and it
needs nannies. Why not only a wheel: a cluster would then have to be re-provisioned for
each toolbox version, and a version mismatch between client and workers would silently
change results.

So: :class:`CoreUpload` is a worker plugin carrying a zip of the core (``<package>/``
with ``__init__.py``, ``metadata.txt``, ``clms_plugin/{version,analysis,products}`` and
``resources/``, ~0.3 MB). In each worker process it extracts once into a folder named by the
content hash, puts it first on ``sys.path`` and forgets any other copy of the package that
the worker had imported, so client and workers run the same code. Registered under one
name, it reaches workers that join later (a nanny restarting a killed worker) too. The
module imports nothing outside the standard library because the plugin object is pickled
*by value* (the worker cannot import this package before the plugin has run).
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any

PLUGIN_NAME = "clms-core"
# What the workers need: the package marker, the version file it reads, the pure-numpy core
# and the data files. No gui/, processing_provider/, catalog/ or download/ (QGIS, HTTP).
CORE_PARTS = ("__init__.py", "metadata.txt", "clms_plugin/__init__.py",
              "clms_plugin/version.py", "clms_plugin/analysis", "clms_plugin/products",
              "resources")
SKIP_SUFFIXES = (".pyc", ".qm", ".svg", ".png")


def build_core_zip(root: Path, package: str) -> bytes:
    """Zip the core of the checkout at ``root`` as ``<package>/...`` (deterministic bytes:
    fixed timestamps and sorted names, so the hash changes only when the code does)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        files: list[Path] = []
        for part in CORE_PARTS:
            p = root / part
            if p.is_dir():
                files.extend(f for f in p.rglob("*") if f.is_file())
            elif p.is_file():
                files.append(p)
        for f in sorted(set(files)):
            rel = f.relative_to(root).as_posix()
            if "__pycache__" in rel or rel.endswith(SKIP_SUFFIXES):
                continue
            info = zipfile.ZipInfo(f"{package}/{rel}", date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, f.read_bytes())
    return buf.getvalue()


class CoreUpload:
    """Worker plugin: extract the core zip and import the package from it (see module doc)."""

    name = PLUGIN_NAME

    def __init__(self, data: bytes, package: str) -> None:
        self.data = data
        self.package = package
        self.digest = hashlib.sha1(data).hexdigest()[:16]

    def setup(self, worker: Any) -> None:
        base = Path(getattr(worker, "local_directory", None) or os.getcwd())
        target = base / f"clms-core-{self.digest}"
        if not (target / self.package / "__init__.py").exists():
            tmp = base / f".clms-core-{self.digest}.{os.getpid()}.tmp"
            with zipfile.ZipFile(io.BytesIO(self.data)) as z:
                z.extractall(tmp)
            try:
                os.replace(tmp, target)
            except OSError:  # another worker process of this machine won the race
                shutil.rmtree(tmp, ignore_errors=True)
        path = str(target)
        sys.path[:] = [p for p in sys.path if "clms-core-" not in p or p == path]
        if path not in sys.path:
            sys.path.insert(0, path)
        mod = sys.modules.get(self.package)
        if mod is not None and not str(getattr(mod, "__file__", "")).startswith(path):
            for name in [n for n in sys.modules
                         if n == self.package or n.startswith(self.package + ".")]:
                del sys.modules[name]
        self.location = path

    def teardown(self, worker: Any) -> None:  # noqa: ARG002 - the plugin API
        return None
