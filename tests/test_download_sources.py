"""STAC assets and GSW tiles become verified queue items; GSW names match the real files."""

from __future__ import annotations

import hashlib

import pytest
from _download_stub import FileServer, make_random_file

from clms_toolbox.clms_plugin.download import sources
from clms_toolbox.clms_plugin.download.queue import DownloadQueue, State
from clms_toolbox.clms_plugin.products import registry


def test_gsw_tile_names_match_the_sample_files(samples_dir):
    # the Shell Beach clip (−59.8, 8.3) lies in the official tile occurrence_60W_10N
    name = sources.gsw_tile_name("occurrence", -59.8, 8.33)
    assert (samples_dir / "gsw" / name).exists()
    assert registry.identify(name).product.id == "gsw_occurrence"
    assert sources.gsw_tile_name("transitions", 25.0, -3.0) == "transitions_20E_0Nv1_4_2021.tif"
    tiles = sources.gsw_tiles("change", (-61, 5, -49, 12))
    assert [t["name"] for t in tiles] == [
        "change_70W_10Nv1_4_2021.tif", "change_70W_20Nv1_4_2021.tif",
        "change_60W_10Nv1_4_2021.tif", "change_60W_20Nv1_4_2021.tif",
        "change_50W_10Nv1_4_2021.tif", "change_50W_20Nv1_4_2021.tif"]
    assert tiles[0]["url"].startswith(sources.GSW_BASE + "/change/")
    with pytest.raises(ValueError, match="unknown GSW layer"):
        sources.gsw_tile_name("nope", 0, 0)


def test_stac_asset_with_checksum_downloads_verified(tmp_path):
    src = tmp_path / "c_gls_NDVI300-NDVI_202306110000_GLOBE_OLCI_V2.0.1.tiff"
    digest = make_random_file(src, 700_000)
    with FileServer({"odata/file": src}) as srv:
        asset = {"href": "s3://eodata/CLMS/bio-geophysical/vegetation_indices/"
                         "ndvi_global_300m_10daily_v2/2023/06/11/x_cog/" + src.name,
                 "file:size": 700_000, "file:checksum": "1220" + digest,
                 "alternate": {"https": {"href": f"{srv.url}/odata/file"}}}
        fields = sources.stac_asset_fields(asset, title="NDVI 2023-06-11")
        assert fields["name"] == src.name and fields["auth"] == ""
        queue = DownloadQueue(tmp_path / "state")
        item = queue.add(fields["url"], tmp_path / "dl" / fields["name"],
                         expected_size=fields["expected_size"], checksum=fields["checksum"],
                         auth=fields["auth"], title=fields["title"])
        queue.start()
        assert queue.wait(20) and item.state == State.DONE, item.error
        assert hashlib.sha256((tmp_path / "dl" / src.name).read_bytes()).hexdigest() == digest
        bad = dict(asset, **{"file:checksum": "1220" + "0" * 64})
        f2 = sources.stac_asset_fields(bad)
        item2 = queue.add(f2["url"], tmp_path / "dl2" / f2["name"], checksum=f2["checksum"])
        assert queue.wait(20) and item2.state == State.FAILED
        assert "does not match" in item2.error
        assert not (tmp_path / "dl2" / f2["name"]).exists()


def test_cdse_odata_href_needs_cdse_auth():
    asset = {"href": "https://download.dataspace.copernicus.eu/odata/v1/Products(abc)/"
                     "Nodes(c_gls_X_cog)/Nodes(c_gls_NDVI300-NDVI_2023.tiff)/$value"}
    fields = sources.stac_asset_fields(asset)
    assert fields["auth"] == "cdse" and fields["name"] == "c_gls_NDVI300-NDVI_2023.tiff"
    with pytest.raises(ValueError, match="no HTTP"):
        sources.stac_asset_fields({"href": "s3://eodata/x.tif"})
