<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ClmsDock</name>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="83"/>
        <location filename="../clms_plugin/gui/dock.py" line="168"/>
        <source>CLMS Toolbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="106"/>
        <source>CLMS catalogue (land.copernicus.eu)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="107"/>
        <source>Copernicus Data Space (STAC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="125"/>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="128"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="187"/>
        <source>Reading the view service…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="271"/>
        <source>CLMS catalogue search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="271"/>
        <source>CLMS catalogue refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="380"/>
        <source>CLMS dataset details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="410"/>
        <source>CLMS thumbnail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="300"/>
        <source>Search cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="423"/>
        <source>no preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="268"/>
        <source>Loading the catalogue from %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="317"/>
        <source>The search failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="57"/>
        <source>HTTP status %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="59"/>
        <source>URL: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="61"/>
        <source>Server said: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="64"/>
        <source>Hint: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="212"/>
        <source>No local catalogue yet. Press Search (or Refresh catalogue) to load it from %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="360"/>
        <source>0 of %1 datasets match the filters; widen them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="218"/>
        <source>Cached catalogue: %1 datasets, updated %2 ago.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="266"/>
        <source>Searching %1 for “%2”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="357"/>
        <source>%1 without a known extent are kept (marked ◌)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="392"/>
        <source>Could not load the full record; showing the summary.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="291"/>
        <source>Catalogue updated: %1 datasets from %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="295"/>
        <source>No dataset matches “%1” at %2. Try other words.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="287"/>
        <source>%1 datasets found for “%2” at %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/dock.py" line="310"/>
        <source>Offline: the catalogue could not be reached, showing the cached catalogue (%1 datasets, updated %2 ago), searched locally.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClmsProvider</name>
    <message>
        <location filename="../processing_provider/provider.py" line="20"/>
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
        <location filename="../processing_provider/alg_decode_product.py" line="49"/>
        <source>Input raster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="50"/>
        <source>Auto-detect from the file name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="54"/>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="58"/>
        <source>Band</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="64"/>
        <source>Decoded (physical values, Float32)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="195"/>
        <source>INPUT holds floating-point values: scale/offset were already applied; only nodata was masked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="138"/>
        <source>PRODUCT: choose a listed product.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_decode_product.py" line="189"/>
        <source>Cancelled: no output was written.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="97"/>
        <location filename="../clms_plugin/gui/details_panel.py" line="247"/>
        <location filename="../clms_plugin/gui/details_panel.py" line="183"/>
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
        <location filename="../clms_plugin/gui/details_panel.py" line="185"/>
        <source>Download this option</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="203"/>
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
        <location filename="../clms_plugin/gui/details_panel.py" line="157"/>
        <source>No description.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="163"/>
        <source>Custom extraction (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/details_panel.py" line="171"/>
        <source>Prepackaged files (%1)</source>
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
        <location filename="../clms_plugin/gui/request_rows.py" line="88"/>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="70"/>
        <source>Ready, queued for download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="80"/>
        <source>Downloading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="82"/>
        <source>Waiting to download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="84"/>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="86"/>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="71"/>
        <location filename="../clms_plugin/gui/request_rows.py" line="89"/>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="71"/>
        <location filename="../clms_plugin/gui/request_rows.py" line="89"/>
        <source>unknown reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="66"/>
        <source>Being prepared by CLMS · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="164"/>
        <source>CLMS data request: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="79"/>
        <source>Downloading %1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="149"/>
        <source>CLMS could not prepare the data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="150"/>
        <source>CLMS rejected the request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/request_rows.py" line="151"/>
        <source>cancelled at CLMS</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="193"/>
        <source>Service key stored in the QGIS authentication database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="135"/>
        <source>CLMS download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="175"/>
        <source>CLMS service key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="176"/>
        <source>JSON (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="203"/>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="207"/>
        <source>CDSE account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="204"/>
        <source>User name (e-mail):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="207"/>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="223"/>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="226"/>
        <source>CDSE S3 keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="223"/>
        <source>Access key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="226"/>
        <source>Secret key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="137"/>
        <location filename="../clms_plugin/gui/downloads_panel.py" line="134"/>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="214"/>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="233"/>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="121"/>
        <source>CLMS Toolbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="90"/>
        <source>Extraction refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="125"/>
        <source>Added to the map: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="184"/>
        <source>This key was not stored: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_extra.py" line="117"/>
        <source>%1 is downloaded but could not be added to the map: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_panel.py" line="444"/>
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
        <location filename="../clms_plugin/gui/downloads_panel.py" line="332"/>
        <source>No CLMS task id yet</source>
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
        <location filename="../clms_plugin/gui/downloads_panel.py" line="331"/>
        <location filename="../clms_plugin/gui/downloads_panel.py" line="369"/>
        <source>CLMS task id: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_panel.py" line="367"/>
        <source>File: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_panel.py" line="257"/>
        <source>Request failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/downloads_panel.py" line="364"/>
        <source>link expires %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LandUseChangeAlgorithm</name>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="55"/>
        <source>Compares two rasters of IPCC land categories (1 Forest land, 2 Cropland, 3 Grassland, 4 Wetlands, 5 Settlements, 6 Other land, 255 no data), e.g. two outputs of 'Land cover to IPCC land categories', on the same grid.

OUTPUT: Byte raster 10 × initial + final (11 = forest land remaining forest land, 12 = forest land converted to cropland, …), 255 where either date is no data.
MATRIX: the IPCC Approach 2 land-use change matrix in hectares: rows = initial category, columns = final category, in the order Forest land, Cropland, Grassland, Wetlands, Settlements, Other land, No data; row totals (Initial area), column totals (Final area) and net change (final − initial).
TRANSITIONS: tidy CSV code, initial, final, label, pixels, area_ha, area_method with IPCC wording ('Forest land remaining forest land', 'Grassland converted to cropland').
A two-date map comparison gives observed conversions, not the 20-year 'land converted to' inventory sub-categories.
Rasters on different grids or CRS are refused with both grids named: no silent resampling. Values other than 1–6/255 are refused (run the reclassification first).
MASK: optional polygons; only pixels whose centre lies inside count.
Areas: exact WGS84 ellipsoidal cell area per row on geographic CRS, pixel area on projected CRS.

Sources: IPCC 2006 Guidelines Vol. 4 Ch. 3 (§3.3.1 Approach 2 matrix) and the UNFCCC CRF category names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="39"/>
        <source>Initial IPCC land categories (1–6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="41"/>
        <source>Final IPCC land categories (1–6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="43"/>
        <source>Mask polygons (only pixels whose centre is inside count)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="46"/>
        <source>Land-use change (10×initial + final)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="48"/>
        <source>Change matrix (ha)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="48"/>
        <location filename="../processing_provider/alg_land_use_change.py" line="51"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="51"/>
        <source>Transitions table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_land_use_change.py" line="94"/>
        <source>Cancelled: no output was written.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LandcoverToIpccAlgorithm</name>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="94"/>
        <source>Land-cover raster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="96"/>
        <source>Legend of the input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="99"/>
        <source>Mapping table (CSV source_code,ipcc_code; overrides)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="102"/>
        <source>Alternative choices for contested classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="106"/>
        <source>Mask polygons (only pixels whose centre is inside count)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="109"/>
        <source>IPCC land categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="111"/>
        <source>Area table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="111"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="114"/>
        <source>Pixels whose code the mapping does not cover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_landcover_to_ipcc.py" line="162"/>
        <source>Cancelled: no output was written.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PhenologyAlgorithm</name>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="45"/>
        <source>Per-pixel phenology of a vegetation time series (NDVI, PPI, LAI, FAPAR, FCOVER) with the TIMESAT / CLMS HR-VPP definitions, for up to two seasons of YEAR.&lt;br&gt;&lt;b&gt;INPUT&lt;/b&gt;: one multiband stack (a band per date) or one raster per date (e.g. c_gls_NDVI300_YYYYMMDD… files, any order). Dates: DATES (comma-separated ISO dates, one per band), else band metadata (NetCDF time, DATE tag, ISO band description), else file names. Irregular spacing is fine; dates must be distinct and, for a stack, in band order. All rasters must share one grid.&lt;br&gt;&lt;b&gt;PRODUCT&lt;/b&gt; decodes DNs (NDVI 300 m/1 km: ×0.004−0.08 with flags 251–255 masked; LAI /30; FAPAR/FCOVER /250; HR-VPP PPI ×0.0001). Masked observations are filled by linear interpolation in time, then SMOOTHING maps the series to a daily curve: none; Whittaker (penalised 2nd differences, λ in days², default 200); Savitzky–Golay (local polynomial of order SG_ORDER over ±SG_WINDOW days).&lt;br&gt;&lt;b&gt;Seasons&lt;/b&gt;: peaks separated by troughs deeper than max(MIN_AMPLITUDE, SEASON_RATIO × the pixel's range); a season belongs to YEAR if its peak lies in YEAR (two largest amplitudes kept, S1 = earlier peak). Give about half a year of buffer on each side of YEAR.&lt;br&gt;&lt;b&gt;Metrics&lt;/b&gt; (13 per season, then NUMSEASON): SOSD/EOSD = first/last day the curve is at START_THRESHOLD/END_THRESHOLD of the amplitude measured from the left/right minimum (TIMESAT seasonal amplitude); SOSV/EOSV the values there. Left (right) minimum, as in TIMESAT 4: walking away from the peak, the first local minimum of the daily curve that lies in the lowest 20 % of the rise from the lowest point before (after) the peak (that lowest point if there is none); crossings are interpolated linearly between days (SOS: first crossing after the left minimum, EOS: last crossing before the right minimum); LSLOPE/RSLOPE = 20–80 % chord slopes (value per day, positive; TIMESAT definition, not the derivative at SOS/EOS); LENGTH = EOSD−SOSD; MINV = mean of the left and right minima (base level); MAXD/MAXV = peak day/value; AMPL = MAXV−MINV; TPROD = ∫ curve from SOS to EOS; SPROD = ∫ (curve − MINV). Days are day of year relative to 1 January of YEAR (1 January = 1; SOSD ≤ 0 = previous year, EOSD &gt; 365 = next year), fractional; values in physical units. Nodata (−32768) where there is no such season; everything nodata where fewer than 20 % of the observations are valid.&lt;br&gt;&lt;b&gt;PROFILE&lt;/b&gt; (optional HTML): raw, filled and smoothed series of the pixel at PROFILE_POINT with SOS/peak/EOS marked.&lt;br&gt;Sources: Jönsson &amp; Eklundh 2004 (TIMESAT); TIMESAT-CLI parameters (cutoffs 0.25/0.15); CLMS HR-VPP parameter list; Eilers 2003 (Whittaker); Beck et al. 2006.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="86"/>
        <source>Vegetation time series (stack or one raster per date)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="89"/>
        <source>Dates, comma-separated ISO (else from metadata / file names)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="92"/>
        <source>Product (decoding)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="95"/>
        <source>Year (0 = the year in the middle of the series)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="98"/>
        <source>Start of season: fraction of the left amplitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="102"/>
        <source>End of season: fraction of the right amplitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="106"/>
        <source>Smoothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="109"/>
        <source>Minimum season amplitude (physical units)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="113"/>
        <source>Minimum trough depth as a share of the pixel's range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="117"/>
        <source>Whittaker λ (days²)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="120"/>
        <source>Savitzky–Golay half window (days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="123"/>
        <source>Savitzky–Golay polynomial order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="126"/>
        <source>Point for the profile plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="132"/>
        <source>Phenology metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="134"/>
        <source>Profile plot at the point (HTML)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="135"/>
        <source>HTML files (*.html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="149"/>
        <source>INPUT: no raster layer given; add one multiband stack or one raster per date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_phenology.py" line="184"/>
        <source>Cancelled: no output was written.</source>
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
        <location filename="../processing_provider/alg_sdg1531.py" line="68"/>
        <source>The land-cover sub-indicator of SDG 15.3.1 (proportion of degraded land): both dates are aggregated to the 7 UNCCD classes (1 Tree-covered, 2 Grassland, 3 Cropland, 4 Wetland, 5 Artificial, 6 Other land, 7 Water body) and each transition is looked up in the UNCCD default degradation matrix.

OUTPUT: Int16, −1 degraded, 0 stable, 1 improved, −32768 no data.
Default matrix (rows initial, columns final): any loss of tree cover, wetland loss and conversion to artificial land are degradation; Grassland → Cropland is an improvement and Cropland → Grassland a degradation; every transition to or from Water body is stable. MATRIX: an edited copy of resources/mappings/unccd_degradation_matrix.csv (header 'initial\final,1,…,N', values −1/0/1).
LEGEND: as in 'Land cover to IPCC land categories', plus 7 = the rasters already hold UNCCD classes. MAPPING: optional CSV 'source_code,unccd_code' overriding the default aggregation (required for a custom legend).
SUMMARY: CSV status, pixels, area_ha, percent, area_method (ellipsoidal cell area on geographic CRS).

Sources: UNCCD Good Practice Guidance for SDG 15.3.1 as implemented by Trends.Earth (land_cover_transition_matrix_unccd.json, ESA CCI → UNCCD nesting); the other legends are nested by analogy (resources/mappings).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="46"/>
        <source>Initial land cover (baseline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="48"/>
        <source>Final land cover (target year)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="50"/>
        <source>Legend of both rasters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="53"/>
        <source>Mapping to UNCCD classes (CSV source_code,unccd_code)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="56"/>
        <source>Degradation matrix (CSV; default UNCCD matrix)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="59"/>
        <source>Mask polygons (only pixels whose centre is inside count)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="62"/>
        <source>Land-cover degradation (−1/0/1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="64"/>
        <source>Summary table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="64"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_sdg1531.py" line="105"/>
        <source>Cancelled: no output was written.</source>
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
        <location filename="../clms_plugin/gui/stac_panel.py" line="75"/>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="76"/>
        <source>Read the collections again from the STAC API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="78"/>
        <source>Collection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="84"/>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="85"/>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="88"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="89"/>
        <source>Search items in the map extent and the dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="92"/>
        <source>Load more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="125"/>
        <source>Download…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="127"/>
        <source>Queue the selected assets in the Downloads tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="142"/>
        <source>The Copernicus Data Space (STAC) source needs the Python library pystac-client. Install it in the Python that runs QGIS: pip install pystac-client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="163"/>
        <source>CDSE STAC collections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="229"/>
        <source>CDSE STAC search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="108"/>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="108"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="190"/>
        <source>Choose a collection first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="321"/>
        <source>%1 file(s) queued in the Downloads tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="162"/>
        <source>Reading the collections of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="228"/>
        <source>Searching %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="253"/>
        <source>%1 items shown (footprints on the map).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="259"/>
        <source>No item in this extent and period; widen them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="350"/>
        <source>%1 is only on S3: reading it in place…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="169"/>
        <source>Could not read the collections.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="179"/>
        <source>No CLMS collection found at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="237"/>
        <source>The STAC search failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="343"/>
        <source>%1 is only on S3: store CDSE S3 keys (Credentials ▸ CDSE S3 keys) to read it in place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="250"/>
        <source>%1 of %2 items shown (footprints on the map).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="255"/>
        <source>The STAC API does not page past %1 results: narrow the map extent or the dates to see the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="178"/>
        <source>%1 CLMS collections at %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../clms_plugin/gui/stac_panel.py" line="334"/>
        <source>%1 has no HTTP(S) link to download (%2).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WaterSurfaceChangeAlgorithm</name>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="42"/>
        <source>Surface-water occurrence of two epochs and its change, following the JRC Global Surface Water definitions (Pekel et al. 2016, Nature 540:418-422).&lt;br&gt;&lt;b&gt;Inputs&lt;/b&gt;: one water map per month (or multiband stacks, one band per month) for each epoch; dates from DATES1/DATES2 (comma-separated ISO dates, one per band), else band metadata (DATE tag or ISO band description), else file names (GSW 'YYYY_MM', CLMS 'c_gls_WB100_YYYYMM…', 'c_gls_WB300_…'). All maps must share one grid (no resampling).&lt;br&gt;&lt;b&gt;ENCODING&lt;/b&gt;: GSW monthly history (0 no data, 1 not water, 2 water); CLMS Water Bodies (70 water, 255 no water, 251 no data, 0 sea — sea is excluded like no data); binary (1 water, 0 not water, anything else no data). The encoding, not the file's nodata tag, decides (255 is a class in CLMS Water Bodies).&lt;br&gt;&lt;b&gt;Occurrence&lt;/b&gt; (0–100 %, 255 nodata): for each calendar month, water detections / valid observations over all years of the epoch (every map is one observation: several maps of one month all count); occurrence = the mean of these monthly ratios over the months with a valid observation (not the plain ratio: this removes the bias of seasons observed more often).&lt;br&gt;&lt;b&gt;Change&lt;/b&gt; (−100…100 %, −32768 nodata): mean over homologous months (calendar months with valid observations in both epochs) of epoch 2 minus epoch 1 monthly occurrence (unrounded ratios); months seen in one epoch only do not count; no homologous month → nodata.&lt;br&gt;&lt;b&gt;Seasonality&lt;/b&gt; (optional, 0–12, 255 nodata): months with water (any map of the month showing water) in the reference year = the last full year of epoch 2 (the last calendar year with maps for all 12 months; if no year is complete, the last year of epoch 2); no valid observation that year → nodata. &lt;b&gt;Recurrence&lt;/b&gt; (optional, 0–100 %, 255 nodata): per calendar month, years with water / years observed (both epochs), averaged over the months where water was ever seen; 0 where observed but never water.&lt;br&gt;Pixels without any valid observation are nodata, never 0. Values are rounded half away from zero.&lt;br&gt;&lt;b&gt;AREA_TABLE&lt;/b&gt; (optional CSV code,class,pixels,area_ha): permanent loss/gain, occurrence decrease/increase classes, not water, no homologous months; areas use the WGS84 ellipsoidal cell area on geographic CRS.&lt;br&gt;Sources: Pekel et al. 2016; JRC GSW Data Users Guide; Google Earth Engine catalog JRC/GSW1_4; CLMS Water Bodies colour map (codes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="90"/>
        <source>Encoding of the monthly maps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="93"/>
        <source>Occurrence epoch 1 (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="95"/>
        <source>Occurrence epoch 2 (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="97"/>
        <source>Occurrence change intensity (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="99"/>
        <source>Seasonality (months, last full year of epoch 2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="102"/>
        <source>Recurrence (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="104"/>
        <source>Area table (CSV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="104"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_surface_change.py" line="150"/>
        <source>Cancelled: no output was written.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WaterTransitionsAlgorithm</name>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="35"/>
        <source>Surface-water transitions between the first and the last year of a series of yearly water classifications, with the JRC Global Surface Water classes (Pekel et al. 2016).&lt;br&gt;&lt;b&gt;INPUT&lt;/b&gt;: one layer per year (or bands of a stack), GSW yearly coding: 0 no data, 1 not water, 2 seasonal water, 3 permanent water (other values = no data). Years from YEARS (comma-separated, one per band), else band metadata, else file names (e.g. 'yearly_classification_2000'). All layers must share one grid.&lt;br&gt;Alternatively (INPUT_KIND ≥ 1) give monthly water maps: each year's class is derived from its months — permanent = water in every month with a valid observation that year, seasonal = in some but not all, not water = in none, no data = no valid month (several maps of one month: the month is water if any map shows water); dates from DATES, band metadata or file names as in clms:watersurfacechange.&lt;br&gt;&lt;b&gt;Rule&lt;/b&gt;: first = class of the first year with data, last = class of the last year with data (a first/last year without data is gap-filled from the nearest year with data). 0 no change / not water, 1 permanent (P→P), 2 new permanent (N→P), 3 lost permanent (P→N), 4 seasonal (S→S), 5 new seasonal (N→S), 6 lost seasonal (S→N), 7 seasonal to permanent, 8 permanent to seasonal, 9 ephemeral permanent (N→N with a permanent year in between; takes precedence), 10 ephemeral seasonal (N→N with only seasonal years in between). 255 = no year with data.&lt;br&gt;&lt;b&gt;AREA_TABLE&lt;/b&gt; (optional CSV code,class,pixels,area_ha), WGS84 ellipsoidal cell areas on geographic CRS.&lt;br&gt;Sources: Pekel et al. 2016; Google Earth Engine catalog JRC/GSW1_4 (transition codes and palette); GEE GSW tutorial part 4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="64"/>
        <source>Yearly water classifications (one per year)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="67"/>
        <source>Years, comma-separated (else from metadata/names)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="70"/>
        <source>Input layers are</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="76"/>
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
        <source>Area table (CSV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="81"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="92"/>
        <source>INPUT: no raster layer given; add one yearly classification per year.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="111"/>
        <source>Cancelled: no output was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../processing_provider/alg_water_transitions.py" line="71"/>
        <source>Yearly classes (GSW 0 no data, 1 not water, 2 seasonal, 3 permanent)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
