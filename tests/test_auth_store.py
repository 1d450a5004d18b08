"""Service key and CDSE password in the QGIS auth DB; nothing secret in settings or logs."""

from __future__ import annotations

import json
import logging

import pytest
from _download_stub import ClmsStub

MASTER = "clms-toolbox-test-master"


@pytest.fixture
def store(qgis_app):
    from qgis.core import QgsApplication

    am = QgsApplication.authManager()
    if not am.masterPasswordIsSet():
        assert am.setMasterPassword(MASTER, True), "scratch auth DB has another master password"
    from clms_toolbox.clms_plugin.gui import auth_store

    yield auth_store
    auth_store.remove_credentials()


def secret_fragments(key_json: dict, token: str | None = None) -> list[str]:
    pem = key_json["private_key"]
    body = [line for line in pem.splitlines() if "PRIVATE KEY" not in line]
    frags = [body[1], body[5], body[-2]]
    return frags + ([token] if token else [])


def test_service_key_round_trip_and_secrets_scan(store, clms_api_dir, qgis_new_project,
                                                 caplog, capsys, tmp_path):
    from qgis.core import QgsApplication, QgsMessageLog, QgsProject, QgsSettings

    caplog.set_level(logging.DEBUG)
    log_lines = []
    QgsApplication.messageLog().messageReceived.connect(
        lambda msg, *_: log_lines.append(msg))
    with ClmsStub(clms_api_dir) as stub:
        key_json = stub.new_key()
        key = store.save_service_key(json.dumps(key_json))
        assert store.has_credentials()["clms"]
        loaded = store.load_service_key()
        assert loaded == key
        client = store.clms_auth()
        resp = client.request("GET", stub.api_url + "/@format_conversion_table")
        assert resp.status_code == 200
        token = stub.issued[-1]
        QgsMessageLog.logMessage(f"downloaded with {client!r}", "CLMS Toolbox")
    # the settings file, the project file, the log and the captured output hold no secret
    settings = QgsSettings()
    settings.sync()
    ini_text = open(settings.fileName(), encoding="utf-8", errors="replace").read()
    project_file = tmp_path / "p.qgz"
    QgsProject.instance().write(str(project_file))
    import zipfile

    with zipfile.ZipFile(project_file) as zf:
        project_text = "".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
    out = capsys.readouterr()
    haystacks = {"QGIS3.ini": ini_text, "project": project_text, "log": "\n".join(log_lines),
                 "caplog": caplog.text, "stdout": out.out + out.err}
    for where, text in haystacks.items():
        for frag in secret_fragments(key_json, token):
            assert frag not in text, f"secret found in {where}"
        assert "PRIVATE KEY" not in text, where
    assert settings.value(store.CLMS_KEY)  # only the handle
    # remove credentials: gone from the auth DB
    assert store.remove_credentials() == 1
    assert store.load_service_key() is None
    assert not store.has_credentials()["clms"]
    assert store.CLMS_NAME not in [QgsApplication.authManager().availableAuthMethodConfigs()[k]
                                   .name() for k in
                                   QgsApplication.authManager().configIds()]


def test_cdse_credentials(store):
    store.save_cdse("alice@example.org", "s3cret-Pass")
    assert store.load_cdse() == ("alice@example.org", "s3cret-Pass")
    store.save_cdse("alice@example.org", "new-Pass")  # update in place, no duplicate
    assert store.load_cdse() == ("alice@example.org", "new-Pass")
    auth = store.cdse_auth()
    assert "new-Pass" not in repr(auth)
    assert store.remove_credentials() == 1
    assert store.load_cdse() is None


def test_bad_key_is_refused_before_storing(store):
    from clms_toolbox.clms_plugin.catalog.auth import AuthError

    with pytest.raises(AuthError, match="lacks"):
        store.save_service_key('{"client_id": "x"}')
    assert not store.has_credentials()["clms"]
