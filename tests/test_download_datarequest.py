"""Data requests against a loopback CLMS API replaying the recorded shapes."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile

import pytest
from _download_stub import ClmsStub, FileServer

from clms_toolbox.clms_plugin.catalog.auth import ClmsAuth, ServiceKey
from clms_toolbox.clms_plugin.download import archive, datarequest
from clms_toolbox.clms_plugin.download.datarequest import (
    CustomExtraction,
    DatasetRules,
    PrepackagedFile,
)
from clms_toolbox.clms_plugin.download.queue import DownloadQueue, State

LC_UID = "a8d945f0edd143a0a5240c28bafa23da"
LC_INFO = "f328dbcc-9069-4240-b8bb-6d5df918671a"
NDVI_UID = "7caf242841a34d44a2818f683b111ea9"
NDVI_INFO = "e5bd1ea3-0873-4abf-99ca-3a487aba0fc0"


@pytest.fixture
def api(clms_api_dir):
    with ClmsStub(clms_api_dir) as srv:
        client = datarequest.DataRequestClient(
            srv.api_url, ClmsAuth(ServiceKey.from_json(srv.new_key())))
        yield srv, client


class Sleeps(list):
    def __call__(self, s):
        self.append(s)


def lc_bbox():
    return CustomExtraction(LC_UID, LC_INFO, "Geotiff", "EPSG:4326",
                            bbox=(2.354736328128108, 45.88264619696234, 4.639892578127501,
                                  46.852958688910306))


def test_body_matches_recorded_request(clms_api_dir):
    import json

    recorded = (clms_api_dir / "download-request-download-bbox.req").read_text()
    body = json.loads(recorded.split("\n\n", 1)[1])
    assert lc_bbox().to_json() == body["Datasets"][0]  # [W, N, E, S]
    ts = CustomExtraction(NDVI_UID, NDVI_INFO, "Geotiff", "EPSG:4326",
                          start=dt.datetime(2019, 1, 1, 9), end=dt.datetime(2019, 5, 31, 8))
    assert ts.to_json()["TemporalFilter"] == {"StartDate": 1546333200000,
                                              "EndDate": 1559289600000}


def test_validation_lists_every_problem():
    ts_rule = DatasetRules(NDVI_UID, full_format="Netcdf", full_source="CDSE",
                           is_time_series=True, temporal_limit_days=30)
    lc_rule = DatasetRules(LC_UID, full_format="Geotiff", full_source="LANDCOVER")
    rules = {NDVI_UID: ts_rule, LC_UID: lc_rule}
    problems = datarequest.validate([
        CustomExtraction(NDVI_UID, NDVI_INFO, "Geotiff", None, bbox=(2, 45, 4, 46)),
        CustomExtraction(NDVI_UID, NDVI_INFO, "GPKG", "EPSG:9999", bbox=(4, 45, 2, 46),
                         start=dt.date(2020, 1, 1), end=dt.date(2020, 6, 1)),
        CustomExtraction(LC_UID, LC_INFO, "Netcdf", "EPSG:4326", nuts="ITC11",
                         bbox=(2, 45, 4, 46)),
        CustomExtraction(LC_UID, LC_INFO, "Geotiff", "EPSG:4326"),
        PrepackagedFile(LC_UID, "x"), PrepackagedFile(LC_UID, "x"),
    ], rules)
    text = "\n".join(problems)
    assert "6 items: the server accepts at most 5" in text
    assert "item 1: an output CRS (OutputGCS) is mandatory" in text
    assert "item 1: this dataset is a time series: a start and end date are mandatory" in text
    assert "item 2: output CRS EPSG:9999 is not offered" in text
    assert "item 2: 'Netcdf' cannot be converted to 'GPKG'" in text
    assert "item 2: the bounding box must be EPSG:4326 degrees" in text
    assert "item 2: the time range is 152 days; this time series allows at most 30" in text
    assert "item 3: 'Geotiff' cannot be converted to 'Netcdf'" in text
    assert "item 3: give either a bounding box or a NUTS code, not both" in text
    assert "item 4: choose an area" in text
    assert "item 6: the same item is requested twice" in text
    wb = DatasetRules("0517fd1b7d944d8197a2eb5c13470db8", full_format="Netcdf")
    assert any("only be delivered as Geotiff" in p for p in datarequest.validate(
        [CustomExtraction(wb.uid, "i", "Netcdf", "EPSG:4326", bbox=(1, 1, 2, 2))],
        {wb.uid: wb}))
    assert datarequest.validate([lc_bbox()], rules) == []


def test_rules_from_recorded_conversion_table(api):
    srv, client = api
    table = client.conversion_table()
    rule = DatasetRules(LC_UID, full_format="GDB")
    assert datarequest.validate(
        [CustomExtraction(LC_UID, LC_INFO, "GML", "EPSG:4326", bbox=(1, 1, 2, 2))],
        {LC_UID: rule}, table) == []
    assert client.projections(LC_UID) == ["EPSG:4326", "EPSG:3035", "EPSG:3857", "EPSG:4258"]


def test_post_poll_finished_ok_then_download_and_extract(api, tmp_path):
    srv, client = api
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("W080N20_PROBAV_LC100_global_v3.0.1_2019-nrt_Discrete-Classification-"
                    "map_EPSG-4326.tif", b"II*\0" + bytes(range(256)) * 50)
    outer = tmp_path / "4050.zip"
    with zipfile.ZipFile(outer, "w") as zf:
        zf.write(inner, "Results/4050_LC100.zip")
    with FileServer({"clmsdatadownload/results/4050.zip": outer}) as files:
        srv.download_url = files.url + "/clmsdatadownload/results/4050.zip"
        srv.download_size = outer.stat().st_size
        ids = client.post([lc_bbox()], {LC_UID: DatasetRules(LC_UID)})
        assert ids == ["10000000000"]
        seen, sleeps = [], Sleeps()
        final = client.poll(ids[0], interval=10, factor=2, max_interval=30, sleep=sleeps,
                            on_status=lambda s: seen.append(s.status))
        assert seen == ["Queued", "In_progress", "In_progress", "Finished_ok"]
        assert sleeps == [10, 20, 30]
        assert final.file_size == srv.download_size and final.download_url
        assert final.link_expires == final.finalized + dt.timedelta(hours=72)
        assert not final.link_expired(final.finalized + dt.timedelta(hours=71))
        assert final.link_expired(final.finalized + dt.timedelta(hours=73))
        queue = DownloadQueue(tmp_path / "state")
        item = queue.add(final.download_url, tmp_path / "dl" / "4050.zip",
                         expected_size=final.file_size, meta={"task": final.task_id})
        queue.start()
        assert queue.wait(30) and item.state == State.DONE, item.error
    assert hashlib.sha256((tmp_path / "dl" / "4050.zip").read_bytes()).digest() == \
        hashlib.sha256(outer.read_bytes()).digest()
    res = archive.extract(tmp_path / "dl" / "4050.zip", tmp_path / "data")
    assert [p.name for p in res.rasters()] == [
        "W080N20_PROBAV_LC100_global_v3.0.1_2019-nrt_Discrete-Classification-map_"
        "EPSG-4326.tif"]


@pytest.mark.parametrize(("outcome", "message"), [("Finished_nok", "FME job failed"),
                                                  ("Rejected", "Failed to create batches")])
def test_failed_outcomes_are_terminal(api, outcome, message):
    srv, client = api
    srv.next_outcome = outcome
    srv.polls_to_finish = 1
    (tid,) = client.post([lc_bbox()])
    final = client.poll(tid, interval=1, sleep=Sleeps())
    assert final.status == outcome and message in final.message
    assert final.download_url is None and final.is_terminal


def test_server_refusals_are_verbatim(api, clms_api_dir):
    srv, client = api
    full = CustomExtraction("cb7a436048d440f68a681271f172e3b4",
                            "bec918b1-0ac9-4a8f-8973-a88393c37905", "Netcdf", "EPSG:4326")
    with pytest.raises(datarequest.DataRequestRefused) as err:
        client.post([full], check=False)
    assert str(err.value).startswith("You are requesting to download the full dataset but "
                                     "this dataset is not an EEA dataset")
    assert err.value.status == 400
    with pytest.raises(datarequest.DataRequestRefused, match="^The OutputGCS parameter is "
                                                             "mandatory.$"):
        client.post([CustomExtraction(LC_UID, LC_INFO, "Geotiff", None, nuts="ITC11")],
                    check=False)
    with pytest.raises(datarequest.DataRequestRefused, match="only process 5 items"):
        client.post([PrepackagedFile(LC_UID, str(n)) for n in range(6)], check=False)
    with pytest.raises(datarequest.ValidationError):
        client.post([full])  # caught locally first: nothing sent
    assert len(srv.posted) == 0


def test_cdse_parent_found_by_search_and_cancel(api):
    srv, client = api
    srv.cdse_uids = {NDVI_UID}
    since = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    entry = CustomExtraction(NDVI_UID, NDVI_INFO, "Geotiff", "EPSG:4326", bbox=(2, 45, 3, 46),
                             start=dt.date(2023, 6, 1), end=dt.date(2023, 6, 20))
    assert client.post([entry]) == []  # CDSE-backed: no TaskID in the answer
    tasks = client.search()
    assert all(t.cdse_role != "child" for t in tasks.values())
    parent = client.find_cdse_parent([NDVI_UID], since)
    assert parent is not None and parent.cdse_role == "parent"
    client.cancel(parent.task_id)
    assert client.status(parent.task_id).status == "Cancelled"
    with pytest.raises(datarequest.DataRequestRefused, match="TaskID not registered"):
        client.cancel("123")
