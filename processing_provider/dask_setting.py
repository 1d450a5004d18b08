"""The "Dask scheduler address" provider setting and the cluster scope of an algorithm run.

Why here and not in each algorithm: where windows run is decided once per algorithm run —
``CLMS_DASK_SCHEDULER`` (for ``qgis_process``, scripts and CI) overrides the setting under
*Processing ▸ Options ▸ Providers ▸ CLMS Toolbox*; empty means this machine — and handed to
the block runner through :func:`executors.use`, so every algorithm built on ``blocks.run``
(the zonal ones included) runs on the cluster without knowing it. The base class wraps each
subclass's ``processAlgorithm`` in :func:`cluster_scope`.

Without dask the setting stays listed, described with the install hint, and refuses an
address (Processing's settings API has no "disabled" state for a provider setting).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from qgis.core import QgsProcessingException, QgsProcessingFeedback

from ..clms_plugin.analysis.engine import executors

SETTING = "CLMS_DASK_SCHEDULER"
DESCRIPTION = "Dask scheduler address (empty = this machine; e.g. tcp://host:8786)"


def _refuse_without_dask(value: Any) -> bool:
    if value and str(value).strip():
        raise ValueError(f"Dask scheduler address: {executors.INSTALL_HINT}")
    return True


def register(group: str, icon: Any = None) -> None:
    """Add the setting to Processing's options under the provider's group (``group``)."""
    try:
        from processing.core.ProcessingConfig import ProcessingConfig, Setting
    except ImportError:  # Processing's Python plugin absent: only the env variable applies
        return

    available = executors.dask_available()
    description = DESCRIPTION if available else (
        f"Dask scheduler address — unavailable: {executors.INSTALL_HINT}")
    ProcessingConfig.addSetting(Setting(
        group, SETTING, description, "", valuetype=Setting.STRING,
        validator=None if available else _refuse_without_dask,
        placeholder="tcp://scheduler:8786" if available else "install dask to enable"))
    if icon is not None:
        ProcessingConfig.settingIcons[group] = icon
    ProcessingConfig.readSettings()


def unregister() -> None:
    try:
        from processing.core.ProcessingConfig import ProcessingConfig
    except ImportError:
        return

    if SETTING in ProcessingConfig.settings:
        ProcessingConfig.removeSetting(SETTING)


def setting_value() -> str:
    """The saved address ('' when unset, or when Processing's config is not loaded)."""
    try:
        from processing.core.ProcessingConfig import ProcessingConfig
    except ImportError:
        return ""
    return str(ProcessingConfig.getSetting(SETTING) or "").strip()


@contextlib.contextmanager
def cluster_scope(feedback: QgsProcessingFeedback | None) -> Iterator[Any]:
    """Run the body's ``blocks.run`` calls on the configured cluster, or here.

    An unreachable scheduler, a worker that cannot open an input, or missing dask becomes a
    ``QgsProcessingException`` naming the address (before any window is read).
    """
    address = executors.resolve_address(setting_value())
    if not address:
        with executors.use(None):
            yield None
        return
    if not executors.dask_available():
        raise QgsProcessingException(
            f"A dask scheduler ({address}) is configured, but {executors.INSTALL_HINT}.")
    from ..clms_plugin.analysis.engine.dask_executor import ClusterError

    log: Callable[[str], None] = feedback.pushInfo if feedback is not None else print
    try:
        executor = executors.connect(address, log=log)
    except ClusterError as exc:
        raise QgsProcessingException(str(exc)) from exc
    with executors.use(executor):
        try:
            yield executor
        except ClusterError as exc:
            raise QgsProcessingException(str(exc)) from exc


def wrap_process_algorithm(cls: type) -> None:
    """Make ``cls.processAlgorithm`` (if it defines one) run inside :func:`cluster_scope`."""
    original = cls.__dict__.get("processAlgorithm")
    if original is None or getattr(original, "_clms_cluster_scope", False):
        return

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        with cluster_scope(feedback):
            return original(self, parameters, context, feedback)

    processAlgorithm._clms_cluster_scope = True  # type: ignore[attr-defined]
    processAlgorithm.__doc__ = original.__doc__
    cls.processAlgorithm = processAlgorithm  # type: ignore[attr-defined]
