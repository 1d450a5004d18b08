<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- IPCC land-use change 10*initial+final. Generated from resources/legends/*.csv; paletted renderer. -->
<qgis version="3.40.6-Bratislava" styleCategories="AllStyleCategories">
  <pipe>
    <rasterrenderer type="paletted" band="1" opacity="1" alphaBand="-1" nodataColor="">
      <rasterTransparency/>
      <minMaxOrigin><limits>None</limits><extent>WholeRaster</extent><statAccuracy>Estimated</statAccuracy><cumulativeCutLower>0.02</cumulativeCutLower><cumulativeCutUpper>0.98</cumulativeCutUpper><stdDevFactor>2</stdDevFactor></minMaxOrigin>
      <colorPalette>
        <paletteEntry value="11" color="#98c3a0" alpha="255" label="11 Forest land remaining forest land"/>
        <paletteEntry value="12" color="#f5e663" alpha="255" label="12 Forest land converted to cropland"/>
        <paletteEntry value="13" color="#a6d96a" alpha="255" label="13 Forest land converted to grassland"/>
        <paletteEntry value="14" color="#2c9fd9" alpha="255" label="14 Forest land converted to wetlands"/>
        <paletteEntry value="15" color="#e60017" alpha="255" label="15 Forest land converted to settlements"/>
        <paletteEntry value="16" color="#c8b99a" alpha="255" label="16 Forest land converted to other land"/>
        <paletteEntry value="21" color="#1b7a2e" alpha="255" label="21 Cropland converted to forest land"/>
        <paletteEntry value="22" color="#faf3b8" alpha="255" label="22 Cropland remaining cropland"/>
        <paletteEntry value="23" color="#a6d96a" alpha="255" label="23 Cropland converted to grassland"/>
        <paletteEntry value="24" color="#2c9fd9" alpha="255" label="24 Cropland converted to wetlands"/>
        <paletteEntry value="25" color="#e60017" alpha="255" label="25 Cropland converted to settlements"/>
        <paletteEntry value="26" color="#c8b99a" alpha="255" label="26 Cropland converted to other land"/>
        <paletteEntry value="31" color="#1b7a2e" alpha="255" label="31 Grassland converted to forest land"/>
        <paletteEntry value="32" color="#f5e663" alpha="255" label="32 Grassland converted to cropland"/>
        <paletteEntry value="33" color="#d6edbb" alpha="255" label="33 Grassland remaining grassland"/>
        <paletteEntry value="34" color="#2c9fd9" alpha="255" label="34 Grassland converted to wetlands"/>
        <paletteEntry value="35" color="#e60017" alpha="255" label="35 Grassland converted to settlements"/>
        <paletteEntry value="36" color="#c8b99a" alpha="255" label="36 Grassland converted to other land"/>
        <paletteEntry value="41" color="#1b7a2e" alpha="255" label="41 Wetlands converted to forest land"/>
        <paletteEntry value="42" color="#f5e663" alpha="255" label="42 Wetlands converted to cropland"/>
        <paletteEntry value="43" color="#a6d96a" alpha="255" label="43 Wetlands converted to grassland"/>
        <paletteEntry value="44" color="#a0d3ed" alpha="255" label="44 Wetlands remaining wetlands"/>
        <paletteEntry value="45" color="#e60017" alpha="255" label="45 Wetlands converted to settlements"/>
        <paletteEntry value="46" color="#c8b99a" alpha="255" label="46 Wetlands converted to other land"/>
        <paletteEntry value="51" color="#1b7a2e" alpha="255" label="51 Settlements converted to forest land"/>
        <paletteEntry value="52" color="#f5e663" alpha="255" label="52 Settlements converted to cropland"/>
        <paletteEntry value="53" color="#a6d96a" alpha="255" label="53 Settlements converted to grassland"/>
        <paletteEntry value="54" color="#2c9fd9" alpha="255" label="54 Settlements converted to wetlands"/>
        <paletteEntry value="55" color="#f38c96" alpha="255" label="55 Settlements remaining settlements"/>
        <paletteEntry value="56" color="#c8b99a" alpha="255" label="56 Settlements converted to other land"/>
        <paletteEntry value="61" color="#1b7a2e" alpha="255" label="61 Other land converted to forest land"/>
        <paletteEntry value="62" color="#f5e663" alpha="255" label="62 Other land converted to cropland"/>
        <paletteEntry value="63" color="#a6d96a" alpha="255" label="63 Other land converted to grassland"/>
        <paletteEntry value="64" color="#2c9fd9" alpha="255" label="64 Other land converted to wetlands"/>
        <paletteEntry value="65" color="#e60017" alpha="255" label="65 Other land converted to settlements"/>
        <paletteEntry value="66" color="#e6dfd1" alpha="255" label="66 Other land remaining other land"/>
      </colorPalette>
      <colorramp name="[source]" type="randomcolors"/>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" grayscaleMode="0" invertColors="0" colorizeOn="0" colorizeRed="255" colorizeGreen="128" colorizeBlue="128" colorizeStrength="100"/>
    <rasterresampler maxOversampling="2"/>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
