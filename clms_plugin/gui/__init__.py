"""QGIS glue: dock, item models, QgsTask wrappers, layer loading, auth and proxy bridges."""
