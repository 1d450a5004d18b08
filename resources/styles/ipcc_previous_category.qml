<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- clms:landrepresentation PREVIOUS_CATEGORY: category before the last conversion (0 = none or unknown), IPCC colours; paletted renderer. -->
<qgis version="3.40.6-Bratislava" styleCategories="AllStyleCategories">
  <pipe>
    <rasterrenderer type="paletted" band="1" opacity="1" alphaBand="-1" nodataColor="">
      <rasterTransparency/>
      <minMaxOrigin><limits>None</limits><extent>WholeRaster</extent><statAccuracy>Estimated</statAccuracy><cumulativeCutLower>0.02</cumulativeCutLower><cumulativeCutUpper>0.98</cumulativeCutUpper><stdDevFactor>2</stdDevFactor></minMaxOrigin>
      <colorPalette>
        <paletteEntry value="0" color="#e1e1e1" alpha="0" label="No conversion (or origin unknown)"/>
        <paletteEntry value="1" color="#1b7a2e" alpha="255" label="From forest land"/>
        <paletteEntry value="2" color="#f5e663" alpha="255" label="From cropland"/>
        <paletteEntry value="3" color="#a6d96a" alpha="255" label="From grassland"/>
        <paletteEntry value="4" color="#2c9fd9" alpha="255" label="From wetlands"/>
        <paletteEntry value="5" color="#e60017" alpha="255" label="From settlements"/>
        <paletteEntry value="6" color="#c8b99a" alpha="255" label="From other land"/>
      </colorPalette>
      <colorramp name="[source]" type="randomcolors"/>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" grayscaleMode="0" invertColors="0" colorizeOn="0" colorizeRed="255" colorizeGreen="128" colorizeBlue="128" colorizeStrength="100"/>
    <rasterresampler maxOversampling="2"/>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
