"""Core catalogue client against a real loopback server replaying the recorded CLMS shapes."""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

import pytest
from _http_stub import (
    NDVI_FULL_OBJECT,
    Fault,
    recorded_items,
    repaired_prepackaged_items,
)

from clms_toolbox.clms_plugin.catalog import errors, portal
from clms_toolbox.clms_plugin.catalog.cache import CatalogCache, describe_age
from clms_toolbox.clms_plugin.catalog.filters import DatasetFilter, apply_filter, families
from clms_toolbox.clms_plugin.catalog.http import NetworkSettings, make_session
from clms_toolbox.clms_plugin.catalog.models import BoundingBox, Dataset, resolution_metres
from clms_toolbox.clms_plugin.catalog.stac import StacClient
from clms_toolbox.clms_plugin.version import USER_AGENT


def client_for(server, **session_kw) -> portal.PortalClient:
    session_kw.setdefault("retries", 3)
    session = make_session(NetworkSettings(backoff=0.05), **session_kw)
    return portal.PortalClient(session, server.api_url, page_size=100)


# -- search, paging, exact requests -----------------------------------------------------------
def test_search_follows_batching_next_to_the_end_with_exact_requests(server):
    client = client_for(server)
    result = client.search()
    expected_total = len(server.state.items)  # 25 recorded + 1 reconstructed full object
    assert result.total == expected_total == 26
    assert len(result.datasets) == expected_total
    assert result.pages == 3
    assert len({d.uid for d in result.datasets}) == expected_total

    reqs = server.requests
    assert [r.path for r in reqs] == ["/api/@search"] * 3
    first = reqs[0].query
    assert first == client.search_params()
    assert first[0] == ("portal_type", "DataSet")
    assert [v for k, v in first if k == "metadata_fields"] == list(portal.SEARCH_FIELDS)
    assert ("b_size", "100") in first
    # next pages: the recorded back-end host is rebased onto our API URL, b_start advances and
    # every other parameter is kept in order
    assert reqs[1].params("b_start") == ["10"] and reqs[2].params("b_start") == ["20"]
    for r in reqs[1:]:
        assert [p for p in r.query if p[0] != "b_start"] == first
    for r in reqs:
        assert r.headers["User-Agent"] == USER_AGENT
        assert r.headers["Accept"] == "application/json"


def test_searchable_text_and_catalogue_index_filters(server):
    client = client_for(server)
    result = client.search("clc", filters={"familyTitle": "CORINE Land Cover",
                                           "temporal_extent": ["2018", "2012"]})
    assert result.datasets and all("clc" in d.title.lower() for d in result.datasets)
    q = server.requests[0].query
    assert q[:5] == [("portal_type", "DataSet"), ("SearchableText", "clc"),
                     ("familyTitle", "CORINE Land Cover"), ("temporal_extent", "2018"),
                     ("temporal_extent", "2012")]
    with pytest.raises(ValueError, match="unknown catalogue filter"):
        client.search_params(filters={"not_an_index": "x"})


def test_models_are_tolerant_to_real_shapes(clms_api_dir):
    items = recorded_items(clms_api_dir)
    datasets = [Dataset.from_json(i) for i in items]
    by_title = {d.title: d for d in datasets}
    # dataset_full_format: null -> "", string kept, absent -> ""
    assert by_title["CLC 2018"].full_format == ""
    assert by_title["CLC 2012"].full_format == "GDB"
    assert Dataset.from_json(NDVI_FULL_OBJECT).full_format == ""
    # full_format object {"token","title"} -> its token
    clc2012 = by_title["CLC 2012"]
    assert sorted(i.full_format for i in clc2012.download_information) == ["GDB", "Geotiff"]
    # placeholders (full_format null, full_source null, empty path) are dropped
    raw_count = sum(len(i["dataset_download_information"]["items"]) for i in items)
    kept = sum(len(d.download_information) for d in datasets)
    assert raw_count == 45 and kept == 42  # 3 ENI pilot placeholders dropped
    assert by_title["ENI CLC Pilot 2018"].download_information == []
    # names with trailing blanks are stripped; UIDs are kept verbatim
    imc = by_title["High Resolution Layer Imperviousness Change 2015-2018"]
    assert {i.name for i in imc.download_information} == {"RASTER"}
    assert imc.uid == "4062d6a3814c426b84218d91ecc733ca"
    assert imc.product_page.startswith("https://clms-prod.eea.europa.eu/en/products/")


def test_full_object_fields(clms_api_dir):
    ds = Dataset.from_json(NDVI_FULL_OBJECT)
    assert ds.resolution == "300 m" and ds.resolution_m == 300
    assert ds.crs == ["EPSG:4326"]
    assert ds.period == "2020-07-01 – …"
    assert ds.update_frequency == "10-daily"
    assert ds.licence == "Free, full and open access & use."
    assert ds.citation == "© European Union, CLMS"
    assert ds.bbox == BoundingBox(-180, -60, 180, 80)
    assert ds.metadata_links[0].startswith("https://globalland.vito.be/geonetwork/")
    assert ds.download_information[0].full_source == "CDSE"
    assert ds.thumbnail_url.endswith("/@@images/image/preview")
    assert resolution_metres("300 m, 1 km") == 300
    assert resolution_metres("1 km") == 1000
    assert 900 < resolution_metres("0.0089 deg") < 1100


def test_prepackaged_answer_as_published_is_a_typed_error(server):
    server.state.search_source = "prepackaged-raw"
    client = client_for(server)
    with pytest.raises(errors.CatalogResponseError) as info:
        client.search(metadata_fields=("UID", "downloadable_files"))
    assert "/api/@search" in info.value.url
    assert "not valid JSON" in str(info.value)


def test_prepackaged_files_parsed_and_placeholders_filtered(server, clms_api_dir):
    server.state.search_source = "prepackaged"
    client = client_for(server)
    result = client.search(metadata_fields=("UID", "downloadable_files"))
    assert result.total == len(repaired_prepackaged_items(clms_api_dir))
    by_title = {d.title: d for d in result.datasets}
    assert by_title["Land Cover 100m: collection 3: epoch 2019: Globe"].prepackaged_files == []
    clc = by_title["CLC 2018"].prepackaged_files
    assert {f.format for f in clc} >= {"Geotiff", "GDB", "GPKG"}
    raster = next(f for f in clc if f.format == "Geotiff")
    assert raster.path.endswith("\\u2018_clc2018_v2020_20u1_raster100m.zip")
    assert raster.id == "3d9e2413-46ca-4f6e-abf8-b6eb429a4e48"


# -- details ----------------------------------------------------------------------------------
def test_dataset_details_from_its_own_url(server):
    client = client_for(server)
    ds = client.dataset(NDVI_FULL_OBJECT["@id"])  # recorded host, rebased to the stand-in
    assert ds.uid == NDVI_FULL_OBJECT["UID"]
    req = server.requests[-1]
    assert req.path == urlsplit(NDVI_FULL_OBJECT["@id"]).path
    assert req.query == []
    png = client.fetch_bytes(ds.thumbnail_url)
    assert png.startswith(b"\x89PNG")
    with pytest.raises(errors.CatalogHTTPError) as info:
        client.dataset(server.api_url + "/en/products/nope/nope")
    assert info.value.status == 404
    assert info.value.server_message == "Resource not found"
    assert "API URL" in info.value.hint


# -- faults -----------------------------------------------------------------------------------
def test_500_is_retried_then_succeeds(server):
    server.fail_next("search", Fault("status", 500))
    result = client_for(server).search()
    assert len(result.datasets) == 26
    first_pages = [r for r in server.requests if not r.params("b_start")]
    assert len(first_pages) == 2  # failed once, retried once


def test_persistent_500_is_typed_with_server_message(server):
    server.fail_next("search", Fault("status", 500), times=3)
    with pytest.raises(errors.CatalogHTTPError) as info:
        client_for(server, retries=2).search()
    err = info.value
    assert err.status == 500
    assert err.server_message == "Boom from stub"
    assert err.url.startswith(server.api_url + "/@search?portal_type=DataSet")
    assert len(server.requests) == 3
    assert "HTTP 500" in str(err) and "Boom from stub" in str(err)


def test_429_honours_retry_after(server):
    server.fail_next("search", Fault("retry_after", 429, seconds=1))
    result = client_for(server).search()
    assert len(result.datasets) == 26
    reqs = server.requests
    assert reqs[0].query == reqs[1].query  # the same first page, asked again
    # The retry came only after the server's Retry-After (1 s), not after the 0.05 s back-off.
    assert reqs[1].t - reqs[0].t >= 0.9


def test_dropped_connection_is_retried_then_typed(server):
    server.fail_next("search", Fault("drop"))
    assert len(client_for(server).search().datasets) == 26
    server.clear()
    server.fail_next("search", Fault("drop"), times=5)
    with pytest.raises(errors.CatalogNetworkError) as info:
        client_for(server, retries=1).search()
    assert info.value.url.startswith(server.api_url)
    assert "proxy" in info.value.hint


def test_invalid_json_is_typed(server):
    server.fail_next("search", Fault("badjson"))
    with pytest.raises(errors.CatalogResponseError) as info:
        client_for(server).search()
    assert info.value.status == 200
    assert "captive portal" in info.value.server_message or "JSON" in str(info.value)


def test_slow_response_times_out_as_typed_error(server):
    server.fail_next("detail", Fault("slow", seconds=1.5))
    client = client_for(server, retries=0, timeout=0.5)
    with pytest.raises(errors.CatalogTimeoutError) as info:
        client.dataset(NDVI_FULL_OBJECT["@id"])
    assert "/api/en/products/vegetation/" in info.value.url


def test_cancel_between_pages(server):
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(errors.CatalogCancelled):
        client_for(server).search(cancelled=cancelled)
    assert len(server.requests) == 1


# -- settings, session ------------------------------------------------------------------------
def test_api_url_setting_and_env_override():
    assert portal.resolve_api_url(None, {}) == "https://land.copernicus.eu/api"
    assert portal.resolve_api_url("https://x.test/api/", {}) == "https://x.test/api"
    env = {"CLMS_API_URL": "http://127.0.0.1:9/api"}
    assert portal.resolve_api_url("https://x.test/api", env) == "http://127.0.0.1:9/api"


def test_session_factory_applies_caller_network_settings():
    s = make_session(NetworkSettings(proxies={"http": "http://u:secret@p:3128"},
                                     verify="/tmp/ca.pem", retries=2, timeout=(1.0, 2.0)))
    assert s.trust_env is False  # explicit QGIS proxies beat HTTP_PROXY from the environment
    assert s.proxies == {"http": "http://u:secret@p:3128"}
    assert s.verify == "/tmp/ca.pem"
    assert s.default_timeout == (1.0, 2.0)
    assert s.headers["User-Agent"] == USER_AGENT
    assert s.get_adapter("https://x").max_retries.total == 2
    assert "secret" not in repr(NetworkSettings(proxies={"http": "http://u:secret@p:3128"}))
    assert make_session().trust_env is True  # no proxy decided: environment applies


# -- cache and filters ------------------------------------------------------------------------
def test_cache_roundtrip_age_and_isolation(tmp_path, clms_api_dir):
    items = recorded_items(clms_api_dir)
    cache = CatalogCache(tmp_path / "cache")
    assert cache.load("https://a/api") is None
    cache.save("https://a/api", items, saved_at=time.time() - 7200)
    loaded = cache.load("https://a/api/")
    assert loaded is not None and len(loaded.datasets) == 25
    assert 7190 < loaded.age_seconds < 7300
    assert describe_age(loaded.age_seconds) == "2 h"
    assert cache.load("http://127.0.0.1:1/api") is None
    cache.path_for("https://a/api").write_text("{torn", encoding="utf-8")
    assert cache.load("https://a/api") is None
    assert not list((tmp_path / "cache").glob("*.part"))
    json.loads(cache.save("https://a/api", items).read_text(encoding="utf-8"))


def test_local_filters_on_recorded_catalogue(clms_api_dir):
    datasets = [Dataset.from_json(i) for i in recorded_items(clms_api_dir)]
    datasets.append(Dataset.from_json(NDVI_FULL_OBJECT))
    fams = families(datasets)
    assert "Corine land cover" in fams and "Vegetation" in fams
    clc = apply_filter(datasets, DatasetFilter(family="Corine land cover"))
    assert clc and all(d.title.startswith(("CLC", "CHA")) for d in clc)
    fine = apply_filter(datasets, DatasetFilter(max_resolution_m=20))
    assert fine and all(d.resolution_m <= 20 for d in fine)
    period = apply_filter(datasets, DatasetFilter(start="2021-01-01", end="2021-12-31"))
    assert [d.title for d in period] == [NDVI_FULL_OBJECT["title"]]
    text = apply_filter(datasets, DatasetFilter(text="imperviousness 2018"))
    assert {d.title for d in text} >= {"High Resolution Layer Imperviousness Density 2018"}
    # extent: NDVI covers -60..80 lat; an Antarctic box excludes it, bbox-less datasets stay
    south = apply_filter(datasets, DatasetFilter(extent=BoundingBox(0, -89, 10, -80)))
    assert NDVI_FULL_OBJECT["title"] not in {d.title for d in south}
    assert len(south) == len(datasets) - 1


# -- STAC -------------------------------------------------------------------------------------
def test_stac_collections_and_items(server):
    session = make_session(NetworkSettings(backoff=0.05))
    client = StacClient(session, server.base_url + "/stac")
    cols = client.collections()
    assert [c.id for c in cols] == ["clms_ndvi_global_300m_10daily_v2_cog",
                                    "clms_lc_global_100m_yearly_v3_cog"]
    items = client.search(cols[0].id, bbox=(10.0, 45.0, 11.0, 46.0),
                          datetime="2023-06-01/2023-06-30", max_items=5)
    assert len(items) == 1
    asset = items[0].data_assets()[0]
    assert asset.key == "ndvi300_ndvi"
    assert asset.scale == 0.004 and asset.offset == -0.08 and asset.nodata == 255
    assert asset.file_size == 123456789
    assert asset.https_href.startswith("https://download.dataspace.copernicus.eu/odata/v1/")
    search_req = [r for r in server.requests if r.path == "/stac/search"][-1]
    q = dict(search_req.query)
    assert q["collections"] == "clms_ndvi_global_300m_10daily_v2_cog"
    assert q["bbox"] == "10.0,45.0,11.0,46.0"
    assert q["datetime"].startswith("2023-06-01T00:00:00Z/2023-06-30T23:59:59")
    assert all(r.headers["User-Agent"] == USER_AGENT for r in server.requests)


def test_command_line_search_against_stand_in(server, plugins_dir):
    import os
    import subprocess
    import sys

    env = dict(os.environ, CLMS_API_URL=server.api_url, PYTHONPATH=str(plugins_dir))
    cmd = [sys.executable, "-m", "clms_toolbox.clms_plugin.catalog"]
    out = subprocess.run(cmd + ["search", "clc", "--json"], env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows and all("clc" in r["title"].lower() for r in rows)
    assert f"from {server.api_url}/@search" in out.stderr
    server.fail_next("search", Fault("status", 404))
    bad = subprocess.run(cmd + ["search", "x"], env=env, capture_output=True, text=True,
                         timeout=60)
    assert bad.returncode == 2 and "HTTP 404" in bad.stderr and "hint:" in bad.stderr
