"""Child process for the restart test: open the persisted queue, run it to the end.

Usage: python _download_worker.py <plugins_dir> <state_dir> [url dest sha256]
With a URL the item is added (a second add of the same destination is a no-op).
"""

from __future__ import annotations

import sys

sys.path.insert(0, sys.argv[1])

from clms_toolbox.clms_plugin.download.queue import DownloadQueue  # noqa: E402

queue = DownloadQueue(sys.argv[2], max_concurrent=1,
                      transfer_options={"backoff": 0.05, "max_attempts": 50})
if len(sys.argv) > 3:
    queue.add(sys.argv[3], sys.argv[4], checksum="sha256:" + sys.argv[5], title="restart test")
queue.start()
queue.wait()
states = sorted({i.state for i in queue.items()})
print("STATES", ",".join(states), flush=True)
sys.exit(0 if states == ["done"] else 3)
