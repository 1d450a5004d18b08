"""CDSE STAC client (QGIS-free) against the loopback stand-in (tests/_stac_stub.py)."""

from __future__ import annotations

import pytest
from _stac_stub import HUGE, NDVI, OTHER, StacStub

pytest.importorskip("pystac_client")


@pytest.fixture
def stac(tmp_path):
    tif = tmp_path / "asset.tif"
    tif.write_bytes(b"II*\x00" + bytes(100))
    with StacStub(tif) as server:
        yield server


def client(url):
    from clms_toolbox.clms_plugin.catalog.http import NetworkSettings, make_session
    from clms_toolbox.clms_plugin.catalog.stac import StacClient

    return StacClient(make_session(NetworkSettings(), retries=0), url)


def test_collections_are_discovered_not_hard_coded(stac):
    cols = client(stac.url).collections()
    ids = [c.id for c in cols]
    assert NDVI in ids and HUGE in ids and OTHER not in ids  # CLMS ones, by what they say
    ndvi = next(c for c in cols if c.id == NDVI)
    assert ndvi.auth_kinds == ["s3", "oidc"]
    assert ndvi.oidc_discovery_url.endswith("/.well-known/openid-configuration")
    assert len(client(stac.url).collections(clms_only=False)) == 4


def test_pages_follow_next_links_and_items_keep_assets(stac):
    c = client(stac.url)
    page = c.search_page(NDVI, (-10, 40, 5, 50), "2023-06-01T00:00:00Z/2023-07-31T23:59:59Z",
                         limit=5)
    assert len(page.items) == 5 and page.matched == 12 and page.next_link and not page.capped
    item = page.items[0]
    asset = item.data_assets()[0]
    assert asset.https_href.startswith(stac.base + "/odata/v1/Products(")
    assert asset.scale == pytest.approx(0.004) and asset.checksum.startswith("d50110")
    assert item.geometry["type"] == "Polygon"
    page2 = c.search_page(NDVI, None, None, 5, page.next_link, page.skipped_after)
    page3 = c.search_page(NDVI, None, None, 5, page2.next_link, page2.skipped_after)
    assert len(page2.items) == 5 and len(page3.items) == 2 and page3.next_link is None
    search = [r for r in stac.requests if r[1] == "/v1/search"]
    assert search[0][2]["bbox"] == "-10.0,40.0,5.0,50.0" and search[-1][2]["page"] == "3"


def test_paging_stops_at_the_skip_cap_and_says_so(stac):
    c = client(stac.url)
    page = c.search_page(HUGE, None, None, limit=1000)
    pages = 1
    while page.next_link:
        page = c.search_page(HUGE, None, None, 1000, page.next_link, page.skipped_after)
        pages += 1
    assert page.capped and page.matched == 25_000 and page.skipped_after == 10_000
    assert pages == 10
    # a next link past the cap is refused by the server with 422: also "capped", not an error
    beyond = {"href": f"{stac.url}/search?collections={HUGE}&limit=1000&page=12"}
    assert c.search_page(HUGE, None, None, 1000, beyond, 11_000).capped


def test_served_elsewhere_messages():
    from clms_toolbox.clms_plugin.catalog import elsewhere

    w = elsewhere.for_source("WEKEO", "Snow", "EO:CRYO:DAT:HRSI:GFSC")
    assert w.host == "WEkEO" and "EO:CRYO:DAT:HRSI:GFSC" in w.message and w.url in w.message
    assert elsewhere.for_source("EEA") is None
    refusal = ("You are requesting to download the full dataset but this dataset is not an EEA "
               "dataset and thus you need to query an specific endpoint")
    r = elsewhere.for_refusal(refusal, "LC100")
    assert r.host == "CDSE" and "Copernicus Data Space (STAC)" in r.message
    assert elsewhere.for_refusal("Error, BoundingBox is not valid") is None


def test_nuts_check():
    from clms_toolbox.clms_plugin.catalog import nuts

    assert nuts.check("ITC11") == "" and nuts.check("es") == ""
    assert "not a known" in nuts.check("QQ1")
    assert "not a NUTS code" in nuts.check("IT-C11")
    assert nuts.label("ITC11") == "Torino"


def test_view_service_capabilities():
    from _stac_stub import WMS_CAPABILITIES

    from clms_toolbox.clms_plugin.catalog.viewservice import capabilities_url, parse_capabilities

    layers = parse_capabilities(WMS_CAPABILITIES.replace("{URL}", "http://h/wms"),
                                "http://h/wms?service=WMS&request=GetCapabilities")
    assert [lyr.name for lyr in layers] == ["NDVI300"]
    assert layers[0].temporal and layers[0].time_default == "2023-06-21"
    assert layers[0].url == "http://h/wms"
    assert capabilities_url("http://h/wmts/1.0.0/WMTSCapabilities.xml").endswith(
        "SERVICE=WMTS&REQUEST=GetCapabilities")


def test_details_fall_back_to_the_list_entry():
    from clms_toolbox.clms_plugin.catalog.models import Dataset

    entry = Dataset.from_json({"UID": "u1", "@id": "http://x/api/a", "title": "A",
                               "qualitySpatialResolution_line": "100 m",
                               "coordinateReferenceSystemList": ["EPSG:3035"],
                               "metadata_wms_url": "http://x/wms"})
    full = Dataset.from_json({"UID": "u1", "@id": "http://x/api/a", "title": "A",
                              "description": "<p>long text</p>"})
    merged = full.with_fallback(entry)
    assert merged.resolution == "100 m" and merged.crs == ["EPSG:3035"]
    assert merged.description == "long text" and merged.raw["metadata_wms_url"] == "http://x/wms"
