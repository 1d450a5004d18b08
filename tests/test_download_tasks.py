"""The QgsTask side of downloads: nothing escapes a worker, snapshots only, signed links."""

from __future__ import annotations

import io
import time
import zipfile

from faultserver import FaultServer


def spin(app, predicate, timeout=20.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        app.processEvents()
        if predicate():
            return True
        time.sleep(0.01)
    return False


def test_mirror_never_raises_whatever_the_queue_does(qgis_app, tmp_path):
    from clms_toolbox.clms_plugin.download.queue import DownloadQueue
    from clms_toolbox.clms_plugin.gui.download_tasks import DownloadTask

    queue = DownloadQueue(tmp_path / "state")
    item = queue.add("http://127.0.0.1:9/x.bin", tmp_path / "x.bin")
    task = DownloadTask(queue, item.id)

    def broken(item_id):
        raise RuntimeError("state lock poisoned")

    queue.snapshot = broken
    assert task.run() is False
    assert task.error == "RuntimeError: state lock poisoned"


def test_mirror_follows_snapshots_to_the_end(qgis_app, tmp_path):
    from clms_toolbox.clms_plugin.download.queue import DownloadQueue, ItemSnapshot
    from clms_toolbox.clms_plugin.gui.download_tasks import DownloadTask

    with FaultServer({"ok.bin": b"x" * 50_000, "bad.bin": b"y"}) as srv:
        queue = DownloadQueue(tmp_path / "state", max_concurrent=1,
                              transfer_options={"backoff": 0.01})
        ok = queue.add(f"{srv.url}/ok.bin", tmp_path / "ok.bin")
        bad = queue.add(f"{srv.url}/bad.bin", tmp_path / "bad.bin", checksum="crc32:00")
        seen = []
        real = queue.snapshot

        def spy(item_id):
            snap = real(item_id)
            seen.append(type(snap))
            return snap

        queue.snapshot = spy
        tasks = [DownloadTask(queue, ok.id, poll=0.01), DownloadTask(queue, bad.id, poll=0.01)]
        queue.start()
        results = [t.run() for t in tasks]
    assert results == [True, False]
    assert [t.final_state for t in tasks] == ["done", "failed"]
    assert "unknown checksum algorithm 'crc32'" in tasks[1].error
    assert seen and set(seen) == {ItemSnapshot}


def test_signed_result_link_gives_a_clean_file_name(qgis_app, clms_api_dir, tmp_path):
    from _download_stub import ClmsStub

    from clms_toolbox.clms_plugin.catalog.auth import ClmsAuth, ServiceKey
    from clms_toolbox.clms_plugin.download import datarequest
    from clms_toolbox.clms_plugin.download.queue import DownloadQueue, State
    from clms_toolbox.clms_plugin.gui.download_tasks import start_data_request
    from clms_toolbox.clms_plugin.gui.tasks import TaskRunner

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("Results/readme.txt", "hello")
    data = buf.getvalue()
    with ClmsStub(clms_api_dir) as api, FaultServer({"results/4050.zip": data}) as files:
        api.download_url = files.url + "/results/4050.zip?X-Amz-Signature=abc123secret"
        api.download_size = len(data)
        api.polls_to_finish = 1
        queue = DownloadQueue(tmp_path / "state")
        queue.start()
        done = []
        entry = datarequest.PrepackagedFile("a8d945f0edd143a0a5240c28bafa23da", "file-1")
        runner = TaskRunner()  # held for the whole test: it owns the task's callbacks
        start_data_request(runner, datarequest.DataRequestClient(
            api.api_url, ClmsAuth(ServiceKey.from_json(api.new_key()))), [entry], {}, queue,
            tmp_path / "dl", lambda result, error: done.append((result, error)),
            poll_interval=0.05)
        assert spin(qgis_app, lambda: bool(done), timeout=30), "request task did not finish"
        assert done[0][1] is None, done[0][1]
        assert spin(qgis_app, lambda: queue.items() and queue.items()[0].state in State.FINAL,
                    timeout=30)
    item = queue.snapshots()[0]
    assert item.state == "done", item.error
    assert item.dest.endswith("_4050.zip") and "?" not in item.dest
    assert item.meta["extracted"][0].endswith("readme.txt")
    assert files.log[0]["path"] == "results/4050.zip"
