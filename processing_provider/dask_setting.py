"""The "Dask scheduler address" provider setting and the cluster scope of an algorithm run.

Why here and not in each algorithm: where windows run is decided once per algorithm run —
``CLMS_DASK_SCHEDULER`` (for ``qgis_process``, scripts and CI) overrides the setting under
*Processing ▸ Options ▸ Providers ▸ CLMS Toolbox*; empty means this machine — and handed to
the block runner through :func:`executors.use`, so every algorithm built on ``blocks.run``
(the zonal ones included) runs on the cluster without knowing it. The base class wraps each
subclass's ``processAlgorithm`` in :func:`cluster_scope`.

Without dask the setting stays listed but cannot be used: its only value is the install hint
(Processing's settings API has no "disabled" state for a provider setting).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from qgis.core import QgsProcessingException, QgsProcessingFeedback

from ..clms_plugin.analysis.engine import executors

SETTING = "CLMS_DASK_SCHEDULER"
DESCRIPTION = "Dask scheduler address (empty = this machine; e.g. tcp://host:8786)"


def _unavailable_setting(setting_cls: type) -> type:
    """A setting shown but not usable: Processing's options have no "disabled" state, so the
    row is a one-choice list holding the install hint (no address can be typed), never
    read from nor saved to the user's settings (a stored address survives for later)."""

    class UnavailableSetting(setting_cls):  # type: ignore[misc, valid-type]
        def read(self, qsettings: Any = None) -> None:  # noqa: ARG002 - Setting API
            self.value = self.default

        def save(self, qsettings: Any = None) -> None:  # noqa: ARG002 - Setting API
            return None

    return UnavailableSetting


def register(group: str, icon: Any = None) -> None:
    """Add the setting to Processing's options under the provider's group (``group``)."""
    try:
        from processing.core.ProcessingConfig import ProcessingConfig, Setting
    except ImportError:  # Processing's Python plugin absent: only the env variable applies
        return

    if executors.dask_available():
        setting = Setting(group, SETTING, DESCRIPTION, "", valuetype=Setting.STRING,
                          placeholder="tcp://scheduler:8786")
    else:
        hint = f"unavailable — {executors.INSTALL_HINT}"
        setting = _unavailable_setting(Setting)(
            group, SETTING, "Dask scheduler address (needs dask)", hint,
            valuetype=Setting.SELECTION, options=[hint])
    ProcessingConfig.addSetting(setting)
    if icon is not None:
        ProcessingConfig.settingIcons[group] = icon
    setting.read()


def unregister() -> None:
    try:
        from processing.core.ProcessingConfig import ProcessingConfig
    except ImportError:
        return

    if SETTING in ProcessingConfig.settings:
        ProcessingConfig.removeSetting(SETTING)


def setting_value() -> str:
    """The saved address ('' when unset, without dask, or when Processing's config is not
    loaded)."""
    if not executors.dask_available():
        return ""
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
