"""Child process for the crash and disk-full tests: one ``transfer.download``, result as JSON.

Usage: python _transfer_child.py <plugins_dir> <url> <dest> [json options]
Exit 0 and ``{"ok": true, "size": …}`` on success, 3 and ``{"ok": false, "error": …}`` on a
transfer error.
"""

from __future__ import annotations

import json
import sys

sys.path.insert(0, sys.argv[1])

from clms_toolbox.clms_plugin.download import transfer  # noqa: E402

options = json.loads(sys.argv[4]) if len(sys.argv) > 4 else {}
try:
    res = transfer.download(sys.argv[2], sys.argv[3], **options)
except transfer.TransferError as exc:
    part = transfer.part_path(sys.argv[3])
    print(json.dumps({"ok": False, "error": str(exc),
                      "part_size": part.stat().st_size if part.exists() else None}), flush=True)
    sys.exit(3)
print(json.dumps({"ok": True, "size": res.size, "resumed_from": res.resumed_from}), flush=True)
