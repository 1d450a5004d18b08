"""The "Dask scheduler address" provider setting: listed under the provider, overridden by
CLMS_DASK_SCHEDULER, and without dask showing only the install hint.

Runs with or without dask installed (it checks the "without" case by pretending)."""

from __future__ import annotations

import pytest

from clms_toolbox.clms_plugin.analysis.engine import executors


def _settings():
    from processing.core.ProcessingConfig import ProcessingConfig

    return ProcessingConfig


def test_setting_listed_under_the_provider(provider):
    from clms_toolbox.processing_provider import dask_setting

    cfg = _settings()
    setting = cfg.settings[dask_setting.SETTING]
    assert setting.group == provider.name() == "CLMS Toolbox"
    if executors.dask_available():
        assert setting.description.startswith("Dask scheduler address")
        assert setting.valuetype == setting.STRING


def test_env_overrides_setting(provider, monkeypatch):
    from clms_toolbox.processing_provider import dask_setting

    cfg = _settings()
    monkeypatch.setattr(cfg.settings[dask_setting.SETTING], "value", "tcp://from-setting:1")
    monkeypatch.delenv(executors.ENV_VAR, raising=False)
    assert executors.resolve_address(dask_setting.setting_value()) == "tcp://from-setting:1"
    monkeypatch.setenv(executors.ENV_VAR, "tcp://from-env:2")
    assert executors.resolve_address(dask_setting.setting_value()) == "tcp://from-env:2"
    monkeypatch.setattr(cfg.settings[dask_setting.SETTING], "value", "")
    monkeypatch.delenv(executors.ENV_VAR)
    assert executors.resolve_address(dask_setting.setting_value()) == ""


def test_without_dask_the_setting_shows_the_install_hint_and_takes_no_address(
        provider, monkeypatch):
    from qgis.core import QgsProcessingException, QgsSettings

    from clms_toolbox.processing_provider import dask_setting

    cfg = _settings()
    saved = cfg.settings[dask_setting.SETTING]
    monkeypatch.setattr(executors, "dask_available", lambda: False)
    try:
        dask_setting.register(provider.name())
        setting = cfg.settings[dask_setting.SETTING]
        assert setting.group == provider.name()
        assert "needs dask" in setting.description
        # the only value is the hint: a one-choice list, nothing to type an address into
        assert setting.valuetype == setting.SELECTION
        assert setting.options == [setting.value]
        assert "apt install python3-distributed" in setting.value
        stored = QgsSettings().value(setting.qname, None)
        setting.save()
        assert QgsSettings().value(setting.qname, None) == stored  # never saved
        assert dask_setting.setting_value() == ""
        # a configured address without dask is a clear error, not a silent local run
        monkeypatch.setenv(executors.ENV_VAR, "tcp://host:8786")
        with pytest.raises(QgsProcessingException, match="python3-distributed"), \
                dask_setting.cluster_scope(None):
            pass
    finally:
        cfg.settings[dask_setting.SETTING] = saved


def test_no_address_runs_here(provider, monkeypatch):
    from clms_toolbox.processing_provider import dask_setting

    monkeypatch.delenv(executors.ENV_VAR, raising=False)
    with dask_setting.cluster_scope(None) as ex:
        assert ex is None and executors.current() is None
