<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- UNCCD 7 land-cover classes. Generated from resources/legends/*.csv; paletted renderer. -->
<qgis version="3.40.6-Bratislava" styleCategories="AllStyleCategories">
  <pipe>
    <rasterrenderer type="paletted" band="1" opacity="1" alphaBand="-1" nodataColor="">
      <rasterTransparency/>
      <minMaxOrigin><limits>None</limits><extent>WholeRaster</extent><statAccuracy>Estimated</statAccuracy><cumulativeCutLower>0.02</cumulativeCutLower><cumulativeCutUpper>0.98</cumulativeCutUpper><stdDevFactor>2</stdDevFactor></minMaxOrigin>
      <colorPalette>
        <paletteEntry value="1" color="#787f1b" alpha="255" label="Tree-covered"/>
        <paletteEntry value="2" color="#ffac42" alpha="255" label="Grassland"/>
        <paletteEntry value="3" color="#fffb6e" alpha="255" label="Cropland"/>
        <paletteEntry value="4" color="#00db84" alpha="255" label="Wetland"/>
        <paletteEntry value="5" color="#e60017" alpha="255" label="Artificial"/>
        <paletteEntry value="6" color="#fff3d7" alpha="255" label="Other land"/>
        <paletteEntry value="7" color="#0046c8" alpha="255" label="Water body"/>
      </colorPalette>
      <colorramp name="[source]" type="randomcolors"/>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" grayscaleMode="0" invertColors="0" colorizeOn="0" colorizeRed="255" colorizeGreen="128" colorizeBlue="128" colorizeStrength="100"/>
    <rasterresampler maxOversampling="2"/>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
