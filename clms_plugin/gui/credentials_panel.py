"""First-use credentials, explained inside the dock (CLMS service key, CDSE account, S3 keys).

Why: a bare file picker followed by QGIS's master-password dialog, with no word of what either
is, is where new users gave up. This box says what a CLMS service key is, where to create one
(link to the portal), offers *Import file…* and *Paste*, and says *before* QGIS asks that the
key is kept in the QGIS authentication database behind its master password. It collapses to a
one-line status once credentials are stored, so it costs no room in a narrow dock.
"""

from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

PORTAL_TOKENS_URL = "https://land.copernicus.eu/en/profile"
CDSE_REGISTER_URL = "https://dataspace.copernicus.eu"
CDSE_S3_KEYS_URL = "https://eodata-s3keysmanager.dataspace.copernicus.eu/"


def tr(text: str) -> str:
    return QCoreApplication.translate("CredentialsBox", text)


def explanation() -> str:
    return tr(
        "<b>A CLMS service key is needed to download.</b> It is a small JSON file that lets "
        "this plugin sign in to the Copernicus Land Monitoring Service for you. Create one on "
        "the <a href='%1'>CLMS portal</a>: log in with EU Login, open your profile, tab "
        "<i>API Tokens</i>, <i>Create new token</i>, and save the key it shows (it is shown "
        "only once).<br><br>The key is stored encrypted in the <b>QGIS authentication "
        "database</b>, never in plain settings. QGIS protects that database with a "
        "<b>master password</b>: if you have not set one yet, QGIS will now ask you to choose "
        "it; otherwise it asks for it once per session.").replace("%1", PORTAL_TOKENS_URL)


class CredentialsBox(QFrame):
    """Status line + (when needed) the explanation with Import file / Paste."""

    importFileRequested = pyqtSignal()  # noqa: N815
    keyPasted = pyqtSignal(str)  # noqa: N815 - the pasted JSON text
    cdseRequested = pyqtSignal()  # noqa: N815
    s3Requested = pyqtSignal()  # noqa: N815
    removeRequested = pyqtSignal()  # noqa: N815

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("clmsCredentialsBox")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.status = QLabel(self)
        self.status.setObjectName("clmsCredentialsStatus")
        self.status.setWordWrap(True)
        self.menu_button = QToolButton(self)
        self.menu_button.setObjectName("clmsCredentialsMenu")
        self.menu_button.setText(tr("Credentials"))
        self.menu_button.setPopupMode(QToolButton.InstantPopup)
        menu = QMenu(self.menu_button)
        menu.addAction(tr("CLMS service key…"), lambda: self.expand(True))
        menu.addAction(tr("CDSE account (for STAC downloads)…"), self.cdseRequested.emit)
        menu.addAction(tr("CDSE S3 keys…"), self.s3Requested.emit)
        menu.addSeparator()
        self.remove_action = menu.addAction(tr("Remove stored credentials"),
                                            self.removeRequested.emit)
        self.menu_button.setMenu(menu)
        top.addWidget(self.status, 1)
        top.addWidget(self.menu_button)
        layout.addLayout(top)

        self.panel = QWidget(self)
        self.panel.setObjectName("clmsCredentialsHelp")
        self.panel.setStyleSheet("#clmsCredentialsHelp { background: palette(alternate-base); "
                                 "border: 1px solid palette(mid); border-radius: 3px; }")
        inner = QVBoxLayout(self.panel)
        self.text = QLabel(explanation(), self.panel)
        self.text.setObjectName("clmsCredentialsText")
        self.text.setWordWrap(True)
        self.text.setOpenExternalLinks(True)
        inner.addWidget(self.text)
        self.paste = QPlainTextEdit(self.panel)
        self.paste.setObjectName("clmsCredentialsPaste")
        self.paste.setPlaceholderText(tr('Paste the service key here: {"client_id": …, '
                                         '"private_key": …, "token_uri": …}'))
        self.paste.setMaximumHeight(70)
        self.paste.hide()
        inner.addWidget(self.paste)
        buttons = QHBoxLayout()
        self.import_button = QPushButton(tr("Import file…"), self.panel)
        self.import_button.setObjectName("clmsImportKeyFile")
        self.import_button.clicked.connect(self.importFileRequested.emit)
        self.paste_button = QPushButton(tr("Paste"), self.panel)
        self.paste_button.setObjectName("clmsPasteKey")
        self.paste_button.clicked.connect(self._paste_clicked)
        self.close_button = QPushButton(tr("Later"), self.panel)
        self.close_button.clicked.connect(lambda: self.expand(False))
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.paste_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        inner.addLayout(buttons)
        self.error = QLabel(self.panel)
        self.error.setObjectName("clmsCredentialsError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a4262c;")
        self.error.hide()
        inner.addWidget(self.error)
        layout.addWidget(self.panel)
        self.panel.hide()

    def expand(self, on: bool = True) -> None:
        """Show (or hide) the explanation with Import file / Paste."""
        self.panel.setVisible(on)
        if not on:
            self.paste.hide()
            self.paste.clear()
            self.error.hide()

    def expanded(self) -> bool:
        return not self.panel.isHidden()

    def _paste_clicked(self) -> None:
        """First click shows the text box; the next one (with text) stores the key."""
        if self.paste.isHidden():
            self.paste.show()
            self.paste.setFocus()
            self.paste_button.setText(tr("Save pasted key"))
            return
        text = self.paste.toPlainText().strip()
        if text:
            self.keyPasted.emit(text)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def set_status(self, clms: bool, cdse: bool, s3: bool = False) -> None:
        bits = [tr("CLMS key: %1").replace("%1", tr("stored") if clms else tr("none")),
                tr("CDSE account: %1").replace("%1", tr("stored") if cdse else tr("none"))]
        if s3:
            bits.append(tr("S3 keys: stored"))
        self.status.setText(" · ".join(bits))
        self.remove_action.setEnabled(clms or cdse or s3)
        if clms and self.expanded() and self.error.isHidden():
            self.expand(False)
            self.paste_button.setText(tr("Paste"))
