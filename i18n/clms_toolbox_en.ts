<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ClmsAlgorithm</name>
    <message>
        <location filename="../processing_provider/base.py" line="123"/>
        <source>Inputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="123"/>
        <source>Outputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="124"/>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="124"/>
        <source>Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="336"/>
        <location filename="../processing_provider/base.py" line="363"/>
        <source>{0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="305"/>
        <source>Cancelled: no output was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="284"/>
        <source>Removed a partial file left by an interrupted run: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="357"/>
        <location filename="../processing_provider/base.py" line="349"/>
        <source>{0}: cannot write '{1}': {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="315"/>
        <source>{0} and {1} are not on the same grid: {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="317"/>
        <source>{0}: the layers are not on the same grid: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="353"/>
        <source>{0}: cannot read '{1}': {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="255"/>
        <source>{0} has {1} bands; only band 1 is used, the others are ignored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="237"/>
        <source>{0}: no raster layer given; {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClmsDock</name>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="84"/>
        <location filename="../clms_plugin/gui/dock.py" line="169"/>
        <source>CLMS Toolbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="107"/>
        <source>CLMS catalogue (land.copernicus.eu)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="108"/>
        <source>Copernicus Data Space (STAC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="126"/>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="129"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="188"/>
        <source>Reading the view service…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="272"/>
        <source>CLMS catalogue search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="272"/>
        <source>CLMS catalogue refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="301"/>
        <source>Search cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="269"/>
        <source>Loading the catalogue from %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="318"/>
        <source>The search failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="58"/>
        <source>HTTP status %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="60"/>
        <source>URL: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="62"/>
        <source>Server said: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="65"/>
        <source>Hint: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="213"/>
        <source>No local catalogue yet. Press Search (or Refresh catalogue) to load it from %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="361"/>
        <source>0 of %1 datasets match the filters; widen them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="219"/>
        <source>Cached catalogue: %1 datasets, updated %2 ago.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="267"/>
        <source>Searching %1 for “%2”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="358"/>
        <source>%1 without a known extent are kept (marked ◌)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="292"/>
        <source>Catalogue updated: %1 datasets from %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="296"/>
        <source>No dataset matches “%1” at %2. Try other words.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="288"/>
        <source>%1 datasets found for “%2” at %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="311"/>
        <source>Offline: the catalogue could not be reached, showing the cached catalogue (%1 datasets, updated %2 ago), searched locally.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock_details.py" line="43"/>
        <source>CLMS dataset details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock_details.py" line="73"/>
        <source>CLMS thumbnail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock_details.py" line="86"/>
        <source>no preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock_details.py" line="55"/>
        <source>Could not load the full record; showing the summary.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClmsProvider</name>
    <message>
        <location filename="../processing_provider/provider.py" line="21"/>
        <source>CLMS Toolbox</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClmsToolbox</name>
    <message>
        <location filename="../clms_plugin/plugin.py" line="62"/>
        <source>CLMS Toolbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/plugin.py" line="65"/>
        <source>Show or hide the CLMS Toolbox dock (catalogue and downloads)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CredentialsBox</name>
    <message>
        <location filename="../clms_plugin/gui/credentials_panel.py" line="35"/>
        <source>&lt;b&gt;A CLMS service key is needed to download.&lt;/b&gt; It is a small JSON file that lets this plugin sign in to the Copernicus Land Monitoring Service for you. Create one on the &lt;a href='%1'&gt;CLMS portal&lt;/a&gt;: log in with EU Login, open your profile, tab &lt;i&gt;API Tokens&lt;/i&gt;, &lt;i&gt;Create new token&lt;/i&gt;, and save the key it shows (it is shown only once).&lt;br&gt;&lt;br&gt;The key is stored encrypted in the &lt;b&gt;QGIS authentication database&lt;/b&gt;, never in plain settings. QGIS protects that database with a &lt;b&gt;master password&lt;/b&gt;: if you have not set one yet, QGIS will now ask you to choose it; otherwise it asks for it once per session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/credentials_panel.py" line="66"/>
        <source>Credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/credentials_panel.py" line="69"/>
        <source>CLMS service key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/credentials_panel.py" line="70"/>
        <source>CDSE account (for STAC downloads)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/credentials_panel.py" line="71"/>
        <source>CDSE S3 keys…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/credentials_panel.py" line="73"/>
        <source>Remove stored credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/credentials_panel.py" line="92"/>
        <source>Paste the service key here: {"client_id": …, "private_key": …, "token_uri": …}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/credentials_panel.py" line="98"/>
        <source>Import file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/credentials_panel.py" line="101"/>
        <location filename="../clms_plugin/gui/credentials_panel.py" line="155"/>
        <source>Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/credentials_panel.py" line="104"/>
        <source>Later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/credentials_panel.py" line="136"/>
        <source>Save pasted key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/credentials_panel.py" line="150"/>
        <source>S3 keys: stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/credentials_panel.py" line="147"/>
        <source>CLMS key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/credentials_panel.py" line="147"/>
        <location filename="../clms_plugin/gui/credentials_panel.py" line="148"/>
        <source>stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/credentials_panel.py" line="147"/>
        <location filename="../clms_plugin/gui/credentials_panel.py" line="148"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/credentials_panel.py" line="148"/>
        <source>CDSE account: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DatasetTableModel</name>
    <message>
        <location filename="../clms_plugin/gui/models.py" line="41"/>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/models.py" line="41"/>
        <source>Resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/models.py" line="41"/>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/models.py" line="41"/>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/models.py" line="71"/>
        <source>Extent unknown: kept by the map-extent filter.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DecodeProductAlgorithm</name>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="51"/>
        <source>A CLMS product raster as downloaded (GeoTIFF, COG or NetCDF).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="57"/>
        <source>Which product the raster is; auto-detect recognises CLMS file names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="61"/>
        <source>The band to decode (default: the first).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="66"/>
        <source>Optional: turn dry-matter productivity (DMP, GDMP) into carbon productivity (NPP, GPP) with the CGLS carbon fraction 0.45, to extend NPP/GPP series before 2023.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="71"/>
        <source>Float32 physical values; flags and no data become NaN. Styled with the product's ramp or legend (a .qml sidecar).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="77"/>
        <source>Turns the stored digital numbers (DN) of a CLMS product into physical values, with every flag and no-data value masked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="83"/>
        <source>A Float32 raster of physical values, NaN where the product has a flag (cloud, snow, sea, missing, not water …), its nodata or a DN outside the valid range; styled with the product's colour ramp or legend (a .qml sidecar, the same style the download dock gives the product). Class products keep their class codes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="88"/>
        <source>physical = DN × scale + offset, from the product registry. A floating-point input already holds physical values: only no data is masked. CONVERT = 1 turns DMP into NPP and GDMP into GPP (gC/m²/day, × 0.1 × 0.45).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="92"/>
        <source>CLMS product user manuals as summarised in the CGLS colour maps, CDSE collection documentation and the JRC GSW data users guide; the full table is resources/products/products.json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="50"/>
        <source>Input raster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="52"/>
        <source>Auto-detect from the file name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="55"/>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="60"/>
        <source>Band</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="63"/>
        <source>Convert to another quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="70"/>
        <source>Decoded (physical values, Float32)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="154"/>
        <source>INPUT holds floating-point values: scale/offset were already applied; only nodata was masked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="64"/>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="64"/>
        <source>DMP → NPP / GDMP → GPP (gC/m²/day)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="79"/>
        <source>A product raster (GeoTIFF, COG or a NetCDF file / subdataset), the product (recognised from the file name, e.g. c_gls_NDVI300_202306110000_GLOBE_OLCI_V2.0.1.nc, or chosen) and the band. Known products: {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="132"/>
        <source>PRODUCT: choose a listed product.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="144"/>
        <source>Product: {0} ({1}); scale {2:g}, offset {3:g}; nodata/flags: {4}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="138"/>
        <source>BAND: '{0}' has {1} band(s); pick 1..{1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="125"/>
        <source>INPUT: '{0}' is not a known CLMS product file name; choose the product in PRODUCT instead of auto-detect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="103"/>
        <source>INPUT: cannot open '{0}' as NetCDF ({1}).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="97"/>
        <location filename="../clms_plugin/gui/details_panel.py" line="252"/>
        <location filename="../clms_plugin/gui/details_panel.py" line="188"/>
        <source>Download…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="99"/>
        <source>Request or download the selected option (select one in the list above)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="102"/>
        <source>Add preview layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="104"/>
        <source>Add the dataset's view service (WMS/WMTS) to the map to look at it before downloading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="84"/>
        <location filename="../clms_plugin/gui/details_panel.py" line="87"/>
        <source>Download options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="119"/>
        <source>Select a dataset to see its details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="129"/>
        <source>Loading the full record…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="140"/>
        <source>Resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="141"/>
        <source>CRS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="142"/>
        <source>Temporal extent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="143"/>
        <source>Update frequency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="144"/>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="145"/>
        <source>Licence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="146"/>
        <source>Citation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="147"/>
        <source>Dataset UID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="155"/>
        <source>Metadata record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="190"/>
        <source>Download this option</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="208"/>
        <source>no preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="151"/>
        <source>Extent (EPSG:4326)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="133"/>
        <source>not given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="153"/>
        <source>Product page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="162"/>
        <source>No description.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="168"/>
        <source>Custom extraction (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="176"/>
        <source>Prepackaged files (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="160"/>
        <source>What arrives</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DownloadStates</name>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="62"/>
        <source>Sending request…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="64"/>
        <source>Queued at CLMS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="68"/>
        <location filename="../clms_plugin/gui/request_rows.py" line="90"/>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="70"/>
        <source>Ready, queued for download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="82"/>
        <source>Downloading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="84"/>
        <source>Waiting to download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="86"/>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="88"/>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="71"/>
        <location filename="../clms_plugin/gui/request_rows.py" line="91"/>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="71"/>
        <location filename="../clms_plugin/gui/request_rows.py" line="91"/>
        <source>unknown reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="78"/>
        <source>Extracting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="217"/>
        <source>No CLMS task id yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="66"/>
        <source>Being prepared by CLMS · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="166"/>
        <source>CLMS data request: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="81"/>
        <source>Downloading %1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="216"/>
        <source>CLMS task id: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="151"/>
        <source>CLMS could not prepare the data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="152"/>
        <source>CLMS rejected the request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="153"/>
        <source>cancelled at CLMS</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="182"/>
        <source>Service key stored in the QGIS authentication database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="124"/>
        <source>CLMS download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="164"/>
        <source>CLMS service key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="165"/>
        <source>JSON (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="192"/>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="196"/>
        <source>CDSE account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="193"/>
        <source>User name (e-mail):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="196"/>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="212"/>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="215"/>
        <source>CDSE S3 keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="212"/>
        <source>Access key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="215"/>
        <source>Secret key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="126"/>
        <location filename="../clms_plugin/gui/downloads_panel.py" line="134"/>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="203"/>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="222"/>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="110"/>
        <source>CLMS Toolbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="114"/>
        <source>Added to the map: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="173"/>
        <source>This key was not stored: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="106"/>
        <source>%1 is downloaded but could not be added to the map: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_panel.py" line="389"/>
        <source>Downloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_panel.py" line="131"/>
        <source>More</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_panel.py" line="141"/>
        <source>Add finished downloads to the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_panel.py" line="121"/>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_panel.py" line="122"/>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_panel.py" line="123"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_panel.py" line="135"/>
        <source>Add to map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_panel.py" line="136"/>
        <source>Remove from list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_panel.py" line="261"/>
        <source>CLMS prepared the data; downloading.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_panel.py" line="249"/>
        <source>Request for %1 sent…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_panel.py" line="309"/>
        <source>File: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_panel.py" line="257"/>
        <source>Request failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_panel.py" line="306"/>
        <source>link expires %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_panel.py" line="311"/>
        <source>CLMS task id: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LandRepresentationAlgorithm</name>
    <message>
        <location filename="../processing_provider/alg_land_representation.py" line="86"/>
        <source>IPCC land-category rasters (one per map year)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_representation.py" line="89"/>
        <source>Map years, comma-separated (else from tags/file names)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_representation.py" line="92"/>
        <source>Transition period (years converted land stays 'converted')</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_representation.py" line="97"/>
        <source>Report years 'first-last' (default: first to last map year)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_representation.py" line="100"/>
        <source>Date a conversion to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_representation.py" line="103"/>
        <source>History at the first map year (band 1 years since conversion, optional band 2 previous category)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_representation.py" line="106"/>
        <source>Land representation table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_representation.py" line="108"/>
        <source>Year of the last conversion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_representation.py" line="110"/>
        <source>Category before the last conversion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_representation.py" line="113"/>
        <source>Report (HTML)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_representation.py" line="113"/>
        <source>HTML files (*.html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_representation.py" line="137"/>
        <source>Map years: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_representation.py" line="165"/>
        <source>Area method: {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_representation.py" line="135"/>
        <source>{0}: band 1 is used as the category band of {1}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_representation.py" line="164"/>
        <source>{0}: mapped area {1:.2f} ha</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LandUseChangeAlgorithm</name>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="45"/>
        <source>IPCC land categories of the earlier date (1 Forest land … 6 Other land, 255 no data), e.g. the output of 'Land cover to IPCC land categories'.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="49"/>
        <source>IPCC land categories of the later date, on the same grid as the initial raster.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="54"/>
        <source>Optional area of interest: only pixels whose centre lies inside a polygon are mapped and counted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="58"/>
        <source>Byte raster: 11 = forest land remaining forest land, 12 = forest land converted to cropland, …; 255 where either date has no data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="62"/>
        <source>Table: one row per initial category, one column per final category (hectares), then the final area and the net change. Save it as CSV, XLSX, GeoPackage or keep a temporary layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="67"/>
        <source>Optional table with one row per observed conversion: code, initial and final category, IPCC wording, pixels and hectares.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="75"/>
        <source>Compares two rasters of IPCC land categories and reports the land-use change between them: a map of conversions and the IPCC Approach 2 matrix in hectares.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="78"/>
        <source>Two rasters of IPCC categories (1 Forest land, 2 Cropland, 3 Grassland, 4 Wetlands, 5 Settlements, 6 Other land, 255 no data) on the same grid, e.g. two outputs of 'Land cover to IPCC land categories'; optional mask polygons.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="82"/>
        <source>A change raster coded 10 × initial + final (styled, with class names); the change matrix and the transitions as tables (CSV, XLSX, GeoPackage or a temporary layer; the area method is a column); an optional HTML report with a flow diagram and a heat map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="86"/>
        <source>Pixels are cross-tabulated in one streaming pass. Areas use the exact WGS84 ellipsoidal cell area per row on a geographic CRS, the pixel area on a projected CRS. Rasters on different grids are refused (no silent resampling); values other than 1–6 and 255 are refused. A two-date comparison gives observed conversions, not the 20-year 'land converted to' inventory sub-categories.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="92"/>
        <source>IPCC 2006 Guidelines Vol. 4 Ch. 3 (§3.3.1, Approach 2 matrix); UNFCCC CRF category names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="124"/>
        <source>IPCC land-use change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="44"/>
        <source>Initial IPCC land categories (1–6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="48"/>
        <source>Final IPCC land categories (1–6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="52"/>
        <source>Mask polygons (only pixels whose centre is inside count)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="57"/>
        <source>Land-use change (10×initial + final)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="60"/>
        <source>Change matrix (ha)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="65"/>
        <source>Transitions table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="69"/>
        <source>Optional HTML page: flow diagram and heat map of the conversions in the map's colours, the matrix, and the method (inputs, area method, sources).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="116"/>
        <source>Coding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="116"/>
        <source>10 × initial + final category; 255 no data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="117"/>
        <source>Legend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="118"/>
        <source>Area method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="119"/>
        <source>Mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="121"/>
        <source>Guidance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="121"/>
        <source>IPCC 2006 Guidelines Vol. 4 Ch. 3, Approach 2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="119"/>
        <source>polygons (pixel centre inside)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="120"/>
        <source>none (whole raster)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="136"/>
        <source>Area method: {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="134"/>
        <source>{0}: {1:.2f} ha</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LandcoverToIpccAlgorithm</name>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="48"/>
        <source>A land-cover classification (CGLS-LC100, ESA WorldCover, CORINE, ESA CCI / C3S, LCFM, CLC+ or a custom legend).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="53"/>
        <source>Which classification the raster uses; auto-detect reads the file name, then the values. A custom legend needs a mapping table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="58"/>
        <source>Optional CSV whose rows override the default correspondence of a class to an IPCC category (or define it for a custom legend).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="64"/>
        <source>Documented alternatives, e.g. shrubland counted as other land, open forest as grassland, water left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="69"/>
        <source>Optional area of interest: only pixels whose centre lies inside a polygon are written and counted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="73"/>
        <source>Byte raster: 1 Forest land, 2 Cropland, 3 Grassland, 4 Wetlands, 5 Settlements, 6 Other land, 255 no data (styled, with class names).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="77"/>
        <source>Optional table: pixels and hectares per IPCC category, with the area method.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="84"/>
        <source>Maps each land-cover class to one of the six IPCC land categories and measures their areas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="86"/>
        <source>A land-cover raster and its legend (recognised from the file name or values, or chosen); an optional mapping table, alternative profiles and mask polygons.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="89"/>
        <source>A Byte raster of IPCC categories (1 Forest land, 2 Cropland, 3 Grassland, 4 Wetlands, 5 Settlements, 6 Other land, 255 no data), styled and with class names; an optional area table (CSV, XLSX, GeoPackage or a temporary layer).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="93"/>
        <source>A lookup table per legend: closed and open forest → Forest land; shrubs and herbaceous → Grassland; cropland → Cropland; urban → Settlements; bare, snow, moss → Other land; water and herbaceous wetland → Wetlands (IPCC counts lakes and rivers as wetlands); open sea and no data → 255. Codes the mapping does not cover become no data and are listed in the log. Areas use the exact WGS84 ellipsoidal cell area on a geographic CRS, the pixel area on a projected CRS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="100"/>
        <source>IPCC 2006 Guidelines Vol. 4 Ch. 3 (six land categories); CGLS-LC100 v3.0.1, ESA WorldCover v100/v200, CORINE (EEA), ESA CCI-LC / C3S, LCFM and CLC+ legends; correspondences follow the CCI-LC PUG IPCC table by analogy, UKCEH luc_track for CORINE and Trends.Earth for the UNCCD classes. Tables: resources/mappings/*.csv (editable).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="47"/>
        <source>Land-cover raster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="51"/>
        <source>Legend of the input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="56"/>
        <source>Mapping table (CSV source_code,ipcc_code; overrides)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="61"/>
        <source>Alternative choices for contested classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="67"/>
        <source>Mask polygons (only pixels whose centre is inside count)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="72"/>
        <source>IPCC land categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="75"/>
        <source>Area table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="80"/>
        <source>Pixels whose code the mapping does not cover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="126"/>
        <source>{0}: {1} px, {2:.2f} ha</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PhenologyAlgorithm</name>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="45"/>
        <source>Per-pixel phenology of a vegetation time series with the TIMESAT / CLMS HR-VPP definitions: start, end and peak of up to two seasons of a year, their length, amplitude and productivity.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="48"/>
        <source>One multiband stack (a band per date) or one raster per date (NDVI, PPI, LAI, FAPAR, FCOVER), all on one grid, with about half a year of buffer on each side of YEAR. Dates from DATES, band metadata (NetCDF time, DATE tag, ISO band description) or file names; irregular spacing is fine. PRODUCT decodes DNs (NDVI 300 m/1 km ×0.004−0.08 with flags 251–255 masked; LAI /30; FAPAR/FCOVER /250; HR-VPP PPI ×0.0001).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="54"/>
        <source>A 27-band Float32 raster: 13 metrics for season 1 and season 2 (SOSD, SOSV, EOSD, EOSV, LSLOPE, RSLOPE, LENGTH, MINV, MAXD, MAXV, AMPL, TPROD, SPROD), then NUMSEASON; it opens on S1_SOSD with a day-of-year ramp. Days are days of YEAR (1 January = 1; ≤ 0 the previous year, &gt; 365 the next), values in physical units, −32768 where there is no such season. PROFILE: an optional HTML plot of the pixel at PROFILE_POINT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="60"/>
        <source>Masked observations are filled by linear interpolation in time, then smoothed to a daily curve (Whittaker or Savitzky–Golay). Seasons are peaks separated by troughs deeper than max(MIN_AMPLITUDE, SEASON_RATIO × the pixel's range); a season belongs to YEAR if its peak lies in YEAR (two largest amplitudes kept, S1 = the earlier). SOS/EOS are the first/last days the curve reaches START_THRESHOLD/END_THRESHOLD of the amplitude above the left/right minimum (TIMESAT seasonal amplitude); slopes are 20–80 % chords; TPROD = ∫ curve from SOS to EOS, SPROD = ∫ (curve − MINV). Everything is no data where fewer than 20 % of the observations are valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="70"/>
        <source>Jönsson &amp; Eklundh 2004 (TIMESAT); TIMESAT-CLI parameters (cutoffs 0.25/0.15); CLMS HR-VPP parameter list; Eilers 2003 (Whittaker); Beck et al. 2006.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="78"/>
        <source>NDVI, PPI, LAI, FAPAR or FCOVER: one multiband stack (a band per date) or one raster per date, all on one grid, with about half a year of buffer on each side of the year.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="84"/>
        <source>One ISO date per band or file, e.g. 2020-01-01, 2020-01-11; leave empty to read them from band metadata or file names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="89"/>
        <source>How stored numbers become physical values and which are flags; auto-detect reads the file names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="94"/>
        <source>Seasons whose peak lies in this year are reported; dates are days of this year.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="100"/>
        <source>The season starts when the curve has risen by this share of the amplitude above the left minimum (HR-VPP: 0.25).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="106"/>
        <source>The season ends when the curve has fallen to this share of the amplitude above the right minimum (HR-VPP: 0.15).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="111"/>
        <source>How the gap-filled series becomes a daily curve.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="115"/>
        <source>Smaller bumps of the curve are not counted as seasons.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="118"/>
        <source>Click a field on the map: the profile plot shows the series and the detected season of the pixel there (else of the centre pixel).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="124"/>
        <source>Two peaks are separate seasons only if the trough between them is at least this deep.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="129"/>
        <source>Larger values give a smoother curve.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="133"/>
        <source>Days on each side fitted by the local polynomial.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="137"/>
        <source>Order of the local polynomial.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="140"/>
        <source>27 bands (13 metrics for two seasons, then NUMSEASON), named; opens on S1_SOSD with a day-of-year ramp.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="145"/>
        <source>Optional HTML page: raw, filled and smoothed series of one pixel with start, peak and end of season marked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="76"/>
        <source>Vegetation time series (stack or one raster per date)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="82"/>
        <source>Dates, comma-separated ISO (else from metadata / file names)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="87"/>
        <source>Product (decoding)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="92"/>
        <source>Year (0 = the year in the middle of the series)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="97"/>
        <source>Start of season: fraction of the left amplitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="103"/>
        <source>End of season: fraction of the right amplitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="109"/>
        <source>Smoothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="113"/>
        <source>Minimum season amplitude (physical units)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="117"/>
        <source>Point for the profile plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="121"/>
        <source>Minimum trough depth as a share of the pixel's range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="127"/>
        <source>Whittaker λ (days²)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="131"/>
        <source>Savitzky–Golay half window (days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="135"/>
        <source>Savitzky–Golay polynomial order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="139"/>
        <source>Phenology metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="143"/>
        <source>Profile plot at the point (HTML)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="144"/>
        <source>HTML files (*.html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="218"/>
        <source>Phenology profile — {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="185"/>
        <source>{0} dates from {1}: {2} … {3}; year {4}; decoding: {5}; smoothing: {6}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="197"/>
        <source>{0} window(s) of {1}×{2} px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="220"/>
        <source>Profile of pixel row {0}, column {1} written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="213"/>
        <source>PROFILE_POINT ({0:.6g}, {1:.6g}) lies outside the input raster; pick a point on the layer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Preview</name>
    <message>
        <location filename="../clms_plugin/gui/preview.py" line="104"/>
        <source>CLMS preview layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/preview.py" line="54"/>
        <source>%1 (preview)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/preview.py" line="69"/>
        <source>This dataset names no view service (WMS/WMTS).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/preview.py" line="101"/>
        <source> (time-enabled: use the Temporal Controller)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/preview.py" line="102"/>
        <source>Preview layer added: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/preview.py" line="97"/>
        <source>QGIS could not open the view service %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RequestDialog</name>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="126"/>
        <source>Rectangle (EPSG:4326)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="127"/>
        <source>NUTS or country code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="145"/>
        <source>Draw on map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="147"/>
        <source>Drag a rectangle on the map canvas; it replaces the bounding box (converted to EPSG:4326)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="153"/>
        <source>Extent from layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="166"/>
        <source>e.g. ITC11, ES, EC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="175"/>
        <source>Time filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="198"/>
        <source>Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="212"/>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="213"/>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="214"/>
        <source>Output format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="215"/>
        <source>Output CRS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="216"/>
        <source>Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="244"/>
        <source>No area yet: draw a rectangle on the map, take the extent of a layer, or type the box.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="240"/>
        <source>From the dataset's extent (the map shows no usable area), reduced to what the server accepts if needed. Draw or pick your own area.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="111"/>
        <source>Request: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="231"/>
        <source>From the map extent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="233"/>
        <source>From the map extent, reduced around its centre to the largest box the server accepts. Draw or pick another area if you need a different one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="273"/>
        <source>From the extent of layer %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="293"/>
        <source>Drawn on the map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="262"/>
        <source>No layer in the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="270"/>
        <source>The layer %1 has no usable extent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="314"/>
        <source>Box: %1 · server limit %2 (its measure of this box: %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_dialog.py" line="334"/>
        <source>the box is too big for one request (server measure %1, limit %2): draw a smaller box, split it, or use a NUTS code or the prepackaged files</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>S3Layers</name>
    <message>
        <location filename="../clms_plugin/gui/s3_layers.py" line="76"/>
        <source>CDSE S3 asset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/s3_layers.py" line="73"/>
        <source>Added to the map (read in place from S3): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/s3_layers.py" line="64"/>
        <source>Could not read %1 in place: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Sdg1531Algorithm</name>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="51"/>
        <source>Land cover of the baseline year.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="54"/>
        <source>Land cover of the target year, on the same grid and with the same legend as the baseline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="59"/>
        <source>Which classification both rasters use; auto-detect reads the file name, then the values. Choose 'Already UNCCD' when the rasters hold the 7 UNCCD classes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="65"/>
        <source>Optional CSV whose rows override the default aggregation of the legend to the 7 UNCCD classes (required for a custom legend).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="70"/>
        <source>Optional edited copy of the UNCCD degradation matrix (rows initial, columns final, values −1, 0 or 1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="75"/>
        <source>Optional area of interest: only pixels whose centre lies inside a polygon are mapped and counted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="79"/>
        <source>Int16 raster: −1 degraded, 0 stable, 1 improved, −32768 no data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="82"/>
        <source>Optional table: area (pixels, hectares, percent of the valid area) degraded, stable and improved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="90"/>
        <source>The land-cover sub-indicator of SDG 15.3.1 (proportion of degraded land): where land cover changed for the worse, stayed, or improved between a baseline and a target year.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="93"/>
        <source>Two land-cover rasters on one grid with the same legend (LC100, WorldCover, CORINE, ESA CCI, LCFM, CLC+, or already the 7 UNCCD classes); optional mapping, degradation matrix and mask polygons.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="96"/>
        <source>An Int16 raster −1 degraded / 0 stable / 1 improved (styled, with class names); an optional summary table; an optional HTML report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="98"/>
        <source>Both dates are aggregated to the 7 UNCCD classes (1 Tree-covered, 2 Grassland, 3 Cropland, 4 Wetland, 5 Artificial, 6 Other land, 7 Water body) and each transition is looked up in the degradation matrix. By default any loss of tree cover, wetland loss and conversion to artificial land are degradation; grassland → cropland is an improvement and cropland → grassland a degradation; transitions to or from water are stable. Areas use the ellipsoidal cell area on a geographic CRS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="105"/>
        <source>UNCCD Good Practice Guidance for SDG 15.3.1 as implemented by Trends.Earth (land_cover_transition_matrix_unccd.json, ESA CCI → UNCCD nesting); other legends are nested by analogy (resources/mappings).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="143"/>
        <source>SDG 15.3.1 land-cover degradation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="50"/>
        <source>Initial land cover (baseline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="53"/>
        <source>Final land cover (target year)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="57"/>
        <source>Legend of both rasters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="63"/>
        <source>Mapping to UNCCD classes (CSV source_code,unccd_code)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="68"/>
        <source>Degradation matrix (CSV; default UNCCD matrix)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="73"/>
        <source>Mask polygons (only pixels whose centre is inside count)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="78"/>
        <source>Land-cover degradation (−1/0/1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="80"/>
        <source>Summary table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="84"/>
        <source>Optional HTML page: areas degraded, stable and improved as a chart in the map's colours, the table and the method (legend, mapping, matrix, sources).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="131"/>
        <source>Legend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="133"/>
        <source>Mapping to UNCCD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="135"/>
        <source>Degradation matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="137"/>
        <source>Area method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="138"/>
        <source>Mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="146"/>
        <source>Area degraded, stable and improved (ha), coloured as the map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="134"/>
        <source>default (resources/mappings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="136"/>
        <source>UNCCD default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="138"/>
        <source>polygons (pixel centre inside)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="139"/>
        <source>none (whole raster)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="131"/>
        <source>{0}; detected: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="140"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="155"/>
        <source>{0}: {1:.2f} ha ({2:.3f} %)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message numerus="yes">
        <location filename="../clms_plugin/gui/search_panel.py" line="223"/>
        <source>%n dataset(s)</source>
        <translation type="unfinished"><numerusform></numerusform></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/search_panel.py" line="48"/>
        <source>Any resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/search_panel.py" line="49"/>
        <source>10 m or finer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/search_panel.py" line="50"/>
        <source>100 m or finer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/search_panel.py" line="51"/>
        <source>300 m or finer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/search_panel.py" line="52"/>
        <source>1 km or finer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/search_panel.py" line="71"/>
        <source>Search the CLMS catalogue (e.g. land cover, NDVI)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/search_panel.py" line="74"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/search_panel.py" line="77"/>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/search_panel.py" line="80"/>
        <source>Download the whole catalogue again (kept for offline use)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/search_panel.py" line="82"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/search_panel.py" line="95"/>
        <location filename="../clms_plugin/gui/search_panel.py" line="212"/>
        <source>All product families</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/search_panel.py" line="102"/>
        <source>Between</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/search_panel.py" line="119"/>
        <source>Intersects the map extent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/search_panel.py" line="121"/>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/search_panel.py" line="122"/>
        <source>Resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/search_panel.py" line="125"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/search_panel.py" line="116"/>
        <source>and</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/search_panel.py" line="225"/>
        <source>(of %1 found)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StacPanel</name>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="76"/>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="77"/>
        <source>Read the collections again from the STAC API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="79"/>
        <source>Collection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="85"/>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="86"/>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="89"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="90"/>
        <source>Search items in the map extent and the dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="93"/>
        <source>Load more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="126"/>
        <source>Download…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="128"/>
        <source>Queue the selected assets in the Downloads tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="143"/>
        <source>The Copernicus Data Space (STAC) source needs the Python library pystac-client. Install it in the Python that runs QGIS: pip install pystac-client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="164"/>
        <source>CDSE STAC collections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="230"/>
        <source>CDSE STAC search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="109"/>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="109"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="191"/>
        <source>Choose a collection first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="322"/>
        <source>%1 file(s) queued in the Downloads tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="163"/>
        <source>Reading the collections of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="229"/>
        <source>Searching %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="254"/>
        <source>%1 items shown (footprints on the map).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="260"/>
        <source>No item in this extent and period; widen them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="351"/>
        <source>%1 is only on S3: reading it in place…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="170"/>
        <source>Could not read the collections.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="180"/>
        <source>No CLMS collection found at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="238"/>
        <source>The STAC search failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="344"/>
        <source>%1 is only on S3: store CDSE S3 keys (Credentials ▸ CDSE S3 keys) to read it in place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="251"/>
        <source>%1 of %2 items shown (footprints on the map).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="256"/>
        <source>The STAC API does not page past %1 results: narrow the map extent or the dates to see the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="179"/>
        <source>%1 CLMS collections at %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="335"/>
        <source>%1 has no HTTP(S) link to download (%2).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WaterSurfaceChangeAlgorithm</name>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="39"/>
        <source>How often surface water was present in two epochs, and how that changed, following the JRC Global Surface Water definitions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="41"/>
        <source>One water map per month (or multiband stacks, one band per month) for each epoch, all on one grid; their dates from DATES1/DATES2, band metadata or file names (GSW 'YYYY_MM', CLMS 'c_gls_WB100_YYYYMM…'); the encoding: GSW monthly history (0 no data, 1 not water, 2 water), CLMS Water Bodies (70 water, 255 no water, 251 no data, 0 sea), or binary.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="46"/>
        <source>Occurrence of each epoch (0–100 %), change intensity (−100…100 %), optional seasonality (months with water in the last full year of epoch 2) and recurrence (%), all styled; an optional area table by change class; an optional HTML report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="50"/>
        <source>Occurrence = the mean over calendar months of water detections / valid observations (this removes the bias of seasons observed more often). Change = the mean over homologous months (observed in both epochs) of epoch 2 minus epoch 1 monthly occurrence; no homologous month → no data. Recurrence: per calendar month, years with water / years observed, averaged over the months where water was ever seen. Pixels without a valid observation are no data, never 0; values are rounded half away from zero. Areas use the WGS84 ellipsoidal cell area on a geographic CRS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="59"/>
        <source>Pekel et al. 2016, Nature 540:418-422; JRC GSW Data Users Guide; Google Earth Engine catalog JRC/GSW1_4; CLMS Water Bodies colour map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="79"/>
        <source>How the maps code water, not water and no data. The encoding decides, not the file's nodata tag (255 is a class in CLMS Water Bodies).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="82"/>
        <source>Byte 0–100 %: how often water was seen in epoch 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="83"/>
        <source>Byte 0–100 %: how often water was seen in epoch 2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="84"/>
        <source>Int16 −100…100 %: occurrence change over homologous months.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="85"/>
        <source>Optional, Byte 0–12: months with water in the last full year of epoch 2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="87"/>
        <source>Optional, Byte 0–100 %: how regularly water returns year after year.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="90"/>
        <source>Occurrence epoch 1 (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="91"/>
        <source>Occurrence epoch 2 (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="92"/>
        <source>Occurrence change intensity (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="93"/>
        <source>Seasonality (months, last full year of epoch 2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="94"/>
        <source>Recurrence (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="102"/>
        <source>Optional table: pixels and hectares per change class (permanent loss and gain, occurrence decrease and increase, not water, no homologous months).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="156"/>
        <source>Surface water occurrence change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="74"/>
        <source>One ISO date per map or band, e.g. 2001-01-01, 2001-02-01; leave empty to read them from band metadata or file names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="77"/>
        <source>Encoding of the monthly maps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="100"/>
        <source>Area table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="105"/>
        <source>Optional HTML page: areas by change class as a chart in the colours of the change map, the table and the method (inputs with dates, encoding, sources).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="148"/>
        <source>Encoding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="149"/>
        <source>Definitions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="149"/>
        <source>JRC Global Surface Water (Pekel et al. 2016): monthly occurrence, change over homologous months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="152"/>
        <source>Seasonality reference year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="153"/>
        <source>Area method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="158"/>
        <source>Area by change class (ha), coloured as the change map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="143"/>
        <source>{0} maps, {1} … {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="165"/>
        <source>Seasonality reference year: {0}; areas: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="67"/>
        <source>Monthly water maps of epoch {0}: one per month, several years; all on one grid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="121"/>
        <source>Epoch {0}: {1} maps, {2} … {3}, calendar months {4}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="159"/>
        <source>epoch 1 {0} … {1} → epoch 2 {2} … {3}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="65"/>
        <source>Epoch {0}: monthly water maps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="72"/>
        <source>Epoch {0} dates, comma-separated ISO (else from metadata/names)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WaterTransitionsAlgorithm</name>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="35"/>
        <source>How surface water changed between the first and the last year of a series, in the JRC Global Surface Water transition classes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="37"/>
        <source>One yearly water classification per year (GSW coding 0 no data, 1 not water, 2 seasonal, 3 permanent), or monthly water maps from which each year's class is derived; years from YEARS, band metadata or file names; all layers on one grid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="41"/>
        <source>A Byte raster of transition classes 0–10 (255 no data), styled with the JRC palette and class names; an optional area table; an optional HTML report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="44"/>
        <source>First = the class of the first year with data, last = of the last year with data. 0 no change / not water, 1 permanent, 2 new permanent, 3 lost permanent, 4 seasonal, 5 new seasonal, 6 lost seasonal, 7 seasonal to permanent, 8 permanent to seasonal, 9 ephemeral permanent, 10 ephemeral seasonal. From monthly maps: permanent = water in every month with a valid observation that year, seasonal = in some, not water = in none. Areas use the WGS84 ellipsoidal cell area on a geographic CRS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="51"/>
        <source>Pekel et al. 2016; Google Earth Engine catalog JRC/GSW1_4 (transition codes and palette); GEE GSW tutorial part 4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="58"/>
        <source>One layer per year (or the bands of a stack); monthly maps when the input kind says so.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="63"/>
        <source>One year per layer or band, e.g. 1990, 2000, 2020; leave empty to read them from band metadata or file names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="71"/>
        <source>Yearly classifications, or monthly water maps in one of the encodings (each year's class is then derived from its months).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="76"/>
        <source>For monthly maps: one ISO date per map or band; leave empty to read them from band metadata or file names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="80"/>
        <source>Byte raster of the 11 GSW transition classes, 255 no data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="83"/>
        <source>Optional table: pixels and hectares per transition class.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="141"/>
        <source>Surface water transitions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="56"/>
        <source>Yearly water classifications (one per year)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="61"/>
        <source>Years, comma-separated (else from metadata/names)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="66"/>
        <source>Input layers are</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="74"/>
        <source>Dates of monthly maps, comma-separated ISO (monthly input only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="79"/>
        <source>Water transitions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="81"/>
        <source>Area table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="84"/>
        <source>Optional HTML page: areas by transition class as a chart in the JRC colours, the table and the method (inputs with years, sources).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="118"/>
        <source>yearly classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="129"/>
        <source>{0} years, {1} … {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="133"/>
        <source>Input kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="134"/>
        <source>Rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="134"/>
        <source>class of the first year with data → class of the last year with data; ephemeral classes from the years in between</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="137"/>
        <source>Area method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="143"/>
        <source>Area by transition class (ha), in the JRC colours of the map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="112"/>
        <source>Years: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="149"/>
        <source>Areas: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="119"/>
        <source>monthly maps: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="67"/>
        <source>Yearly classes (GSW 0 no data, 1 not water, 2 seasonal, 3 permanent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="69"/>
        <source>Monthly maps: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
