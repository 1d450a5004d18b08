"""Credentials in the QGIS authentication database (encrypted), never in QgsSettings or logs.

Why: the CLMS service key holds an RSA private key, the CDSE account a password. QGIS has an
encrypted credential store guarded by the user's master password; plugins that put secrets in
QgsSettings leave them in plain text in QGIS3.ini. Only the *id* of the auth configuration
(a 7-character handle, not a secret) is kept in QgsSettings so the plugin finds it again.
"Remove credentials" deletes the auth configurations and the handles.
"""

from __future__ import annotations

from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsSettings

from ..catalog.auth import AuthError, CdseAuth, ClmsAuth, ServiceKey

SETTINGS_PREFIX = "clms_toolbox/auth/"
CLMS_KEY = SETTINGS_PREFIX + "clms_authcfg"
CDSE_KEY = SETTINGS_PREFIX + "cdse_authcfg"
S3_KEY = SETTINGS_PREFIX + "cdse_s3_authcfg"
S3_NAME = "CLMS Toolbox — CDSE S3 keys"
CLMS_NAME = "CLMS Toolbox — CLMS API service key"
CDSE_NAME = "CLMS Toolbox — CDSE account"


class CredentialStoreError(RuntimeError):
    """The QGIS authentication database is locked or refused the operation."""


def _manager():
    am = QgsApplication.authManager()
    if am.isDisabled():
        raise CredentialStoreError(
            "The QGIS authentication system is disabled (" + am.disabledMessage() + ").")
    if not am.masterPasswordIsSet() and not am.setMasterPassword(True):
        # In QGIS this asks the user for the master password; headless it fails clearly.
        raise CredentialStoreError(
            "The QGIS master password is not set; open Settings > Options > Authentication "
            "and set it, then try again.")
    return am


def _store(settings_key: str, name: str, username: str, password: str) -> str:
    am = _manager()
    old = QgsSettings().value(settings_key, "", type=str)
    cfg = QgsAuthMethodConfig("Basic")
    cfg.setName(name)
    cfg.setConfig("username", username)
    cfg.setConfig("password", password)
    if old and old in am.configIds():
        cfg.setId(old)
        ok = am.updateAuthenticationConfig(cfg)
    else:
        result = am.storeAuthenticationConfig(cfg)
        ok, cfg = (result if isinstance(result, tuple) else (result, cfg))
    if not ok or not cfg.id():
        raise CredentialStoreError("The QGIS authentication database refused to store the "
                                   "credentials.")
    QgsSettings().setValue(settings_key, cfg.id())
    return cfg.id()


def _load(settings_key: str) -> tuple[str, str] | None:
    cfg_id = QgsSettings().value(settings_key, "", type=str)
    if not cfg_id:
        return None
    am = _manager()
    cfg = QgsAuthMethodConfig()
    if not am.loadAuthenticationConfig(cfg_id, cfg, True) or not cfg.isValid(True):
        return None
    return cfg.config("username"), cfg.config("password")


def save_service_key(text: str) -> ServiceKey:
    """Check and store a CLMS service key (JSON text); returns it (for immediate use)."""
    key = ServiceKey.from_json(text)
    _store(CLMS_KEY, CLMS_NAME, key.client_id, key.to_json())
    return key


def load_service_key() -> ServiceKey | None:
    stored = _load(CLMS_KEY)
    if stored is None:
        return None
    try:
        return ServiceKey.from_json(stored[1])
    except AuthError:
        return None


def save_cdse(username: str, password: str) -> None:
    if not username or not password:
        raise CredentialStoreError("Give both the CDSE user name and password.")
    _store(CDSE_KEY, CDSE_NAME, username, password)


def load_cdse() -> tuple[str, str] | None:
    return _load(CDSE_KEY)


def save_s3_keys(access_key: str, secret_key: str) -> None:
    """CDSE S3 keys (collections whose ``auth:schemes`` name ``s3``)."""
    if not access_key or not secret_key:
        raise CredentialStoreError("Give both the S3 access key and the secret key.")
    _store(S3_KEY, S3_NAME, access_key, secret_key)


def load_s3_keys() -> tuple[str, str] | None:
    return _load(S3_KEY)


def has_credentials() -> dict[str, bool]:
    """Which credentials are stored (without decrypting them)."""
    am = QgsApplication.authManager()
    ids = set(am.configIds())
    return {name: bool(QgsSettings().value(key, "", type=str) in ids and
                       QgsSettings().value(key, "", type=str))
            for name, key in (("clms", CLMS_KEY), ("cdse", CDSE_KEY), ("s3", S3_KEY))}


def remove_credentials() -> int:
    """Delete the stored CLMS and CDSE credentials; returns how many were removed."""
    am = QgsApplication.authManager()
    removed = 0
    settings = QgsSettings()
    for key in (CLMS_KEY, CDSE_KEY, S3_KEY):
        cfg_id = settings.value(key, "", type=str)
        if cfg_id and cfg_id in am.configIds() and am.removeAuthenticationConfig(cfg_id):
            removed += 1
        settings.remove(key)
    return removed


def clms_auth(session=None) -> ClmsAuth | None:
    """A token provider for the stored service key (token kept in memory only)."""
    key = load_service_key()
    return ClmsAuth(key, session=session) if key else None


def cdse_auth(session=None, token_url: str | None = None) -> CdseAuth | None:
    """The CDSE OIDC token provider; ``token_url`` from the collection's ``auth:schemes``
    discovery document when known (else the CDSE default)."""
    stored = load_cdse()
    if not stored:
        return None
    if token_url:
        return CdseAuth(stored[0], stored[1], token_url=token_url, session=session)
    return CdseAuth(stored[0], stored[1], session=session)
