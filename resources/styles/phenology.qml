<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- clms:phenology output: band 9 = S1_MAXD (day of the first season's peak, day of year
     relative to 1 January of YEAR). Ramp: winter blue -> spring green -> summer yellow ->
     autumn brown; -32768 nodata is transparent. -->
<qgis version="3.40.6-Bratislava" styleCategories="AllStyleCategories">
  <pipe>
    <rasterrenderer type="singlebandpseudocolor" band="9" opacity="1" alphaBand="-1" classificationMin="1" classificationMax="366" nodataColor="">
      <rasterTransparency/>
      <minMaxOrigin>
        <limits>None</limits>
        <extent>WholeRaster</extent>
        <statAccuracy>Estimated</statAccuracy>
        <cumulativeCutLower>0.02</cumulativeCutLower>
        <cumulativeCutUpper>0.98</cumulativeCutUpper>
        <stdDevFactor>2</stdDevFactor>
      </minMaxOrigin>
      <rastershader>
        <colorrampshader colorRampType="INTERPOLATED" classificationMode="1" clip="0" minimumValue="1" maximumValue="366" labelPrecision="0">
          <item alpha="255" value="1" label="1 Jan" color="#2c7bb6"/>
          <item alpha="255" value="91" label="1 Apr" color="#1a9641"/>
          <item alpha="255" value="182" label="1 Jul" color="#ffffbf"/>
          <item alpha="255" value="274" label="1 Oct" color="#fdae61"/>
          <item alpha="255" value="366" label="31 Dec" color="#8c510a"/>
        </colorrampshader>
      </rastershader>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" grayscaleMode="0" colorizeOn="0" colorizeRed="255" colorizeGreen="128" colorizeBlue="128" colorizeStrength="100" invertColors="0"/>
    <rasterresampler maxOversampling="2"/>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
