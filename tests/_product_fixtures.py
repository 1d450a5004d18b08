"""Synthetic files with the real names and encodings of the issue-16 families (never copied
from ../shared): rasters (first row = the DN of a case), GeoPackages with the products' field
names, an EGMS CSV in the published column layout and a water-level JSON."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

NAN = float("nan")


@dataclass(frozen=True)
class Case:
    product: str
    name: str
    dn: tuple[float, ...]
    physical: tuple[float | None, ...]  # None → nodata
    crs: str = "EPSG:4326"
    start: dt.date | None = None


_EU = "EPSG:3035"
RASTER_CASES = [
    Case("lcfm_lcm10", "LCFM_LCM-10_V100_2021_N45E006_MAP.tif", (10, 110, 254, 255),
         (10, 110, None, None), start=dt.date(2021, 1, 1)),
    Case("lcfm_fractions", "LCFM_LCF-100_V100_2021_N45E006_TREE.tif", (0, 55, 100, 255),
         (0, 55, 100, None)),
    Case("clcplus_backbone", "CLMS_CLCPLUS_RAS_S2023_R10m_E48N37_03035_V01_R00.tif",
         (1, 11, 253, 255), (1, 11, None, None), _EU, dt.date(2023, 1, 1)),
    Case("clcplus_lulucf", "CLMS_CLCPLUS_LULUCF_S2021_R100m_eu_03035_V01_R00.tif",
         (11, 64, 254, 255), (11, 64, None, None), _EU),
    Case("clc_change", "U2018_CHA1218_18_V2020_20u1.tif", (1, 44, 0, 48),
         (1, 44, None, None), _EU),
    Case("hrl_tcd", "CLMS_HRLVLCC_TCD_S2021_R10m_E48N37_03035_V01_R00.tif", (0, 57, 254, 255),
         (0, 57, None, None), _EU, dt.date(2021, 1, 1)),
    Case("hrl_dlt", "DLT_2018_010m_E45N27_03035_v020.tif", (0, 2, 254, 255),
         (0, 2, None, None), _EU),
    Case("hrl_imd", "IMD_2018_010m_E45N27_03035_v020.tif", (0, 80, 254, 255),
         (0, 80, None, None), _EU),
    Case("hrl_gra", "GRA_2018_010m_E45N27_03035_v010.tif", (0, 1, 254, 255),
         (0, 1, None, None), _EU),
    Case("hrl_waw", "WAW_2018_010m_E45N27_03035_v020.tif", (1, 4, 253, 255),
         (1, 4, None, None), _EU),
    Case("hrl_swf", "HRL_SWF_2018_005m_E45N27_03035_v011.tif", (0, 1, 254, 255),
         (0, 1, None, None), _EU),
    Case("npp_300m", "c_gls_NPP300-RT0_202306100000_GLOBE_OLCI_V1.0.1.tif",
         (0, 2000, 32767, -32768), (0, 1.0, 16.3835, None), start=dt.date(2023, 6, 1)),
    Case("gpp_300m", "c_gls_GPP300-RT0_202306100000_GLOBE_OLCI_V1.0.1.tif",
         (0, 1000, -1, -32768), (0, 1.0, None, None)),
    Case("lwq_300m", "c_gls_LWQ300-TSI_202306110000_GLOBE_OLCI_V2.0.0.tif",
         (0, 55.5, -999, NAN), (0, 55.5, None, None), start=dt.date(2023, 6, 11)),
    Case("lwq_300m", "c_gls_LWQ300-TMEAN_202306110000_GLOBE_OLCI_V2.0.0.tif",
         (0, 12.5, 600, -1), (0, 12.5, None, None)),
    Case("lswt", "c_gls_LSWT_202306110000_GLOBE_SLSTR_V1.0.0.tif", (0, 2000, -200, -32768),
         (273.15, 293.15, 271.15, None)),
    Case("sce_500m", "c_gls_SCE500_202301150000_CEURO_MODIS_V1.0.1.tif", (100, 150, 200, 30),
         (0, 50, 100, None), start=dt.date(2023, 1, 15)),
    Case("sce_1km", "c_gls_SCE1km_202301150000_NHEMI_VIIRS_V1.0.1.tif", (100, 175, 0, 255),
         (0, 75, None, None)),
    Case("swe_5km", "c_gls_SWE5K_202301150000_NHEMI_SSMIS_V2.0.2.tif", (0, 123.5, -10, -1),
         (0, 123.5, None, None)),
]

_DTYPES = {"uint8": "uint8", "int16": "int16", "float32": "float32", "int8": "int8"}


def write_raster(folder: Path, case: Case, width: int = 8, height: int = 6) -> Path:
    """A GeoTIFF named like the product; row 0 holds the case DN, the rest the first DN."""
    import rasterio
    from rasterio.transform import from_origin

    from clms_toolbox.clms_plugin.products.registry import identify

    enc = identify(case.name).encoding
    dtype = _DTYPES[enc.dtype]
    data = np.full((height, width), case.dn[0], dtype=np.float64)
    data[0, : len(case.dn)] = case.dn
    if case.crs == "EPSG:3035":
        transform = from_origin(4_800_000, 3_700_000, 100, 100)
    else:
        transform = from_origin(4.0, 45.0, 1 / 336, 1 / 336)
    path = Path(folder) / case.name
    path.parent.mkdir(parents=True, exist_ok=True)
    with rasterio.open(path, "w", driver="GTiff", width=width, height=height, count=1,
                       dtype=dtype, crs=case.crs, transform=transform) as dst:
        dst.write(data.astype(dtype), 1)
    return path


def pixel_centre(case: Case, col: int, row: int = 0) -> tuple[float, float]:
    if case.crs == "EPSG:3035":
        return 4_800_000 + (col + 0.5) * 100, 3_700_000 - (row + 0.5) * 100
    return 4.0 + (col + 0.5) / 336, 45.0 - (row + 0.5) / 336


# ------------------------------------------------------------------------------------------
VECTOR_FILES = {
    "urban_atlas": ("DE001L1_BERLIN_UA2018_v013.gpkg", "DE001L1_BERLIN_UA2018"),
    "riparian_zones": ("RZ_LCLU_2018_DU001_3035_V012.gpkg", "RZ_LCLU_2018"),
    "n2k": ("N2K_2018_3035_v010.gpkg", "N2K_2018"),
    "coastal_zones": ("CZ_2018_DU004_3035_V010.gpkg", "CZ_2018"),
}
UA_ROWS = [("11100", "Continuous urban fabric (S.L. : > 80%)"),
           ("12210", "Fast transit roads and associated land"),
           ("14100", "Green urban areas"), ("31000", "Forests"), ("50000", "Water")]
MAES_ROWS = [(1, 11, 112, 1121), (3, 31, 311, 3110), (7, 71, 711, 7110), (8, 81, 811, 8110)]


def write_vector(folder: Path, product: str) -> Path:
    """A GeoPackage of 2 × 2 km squares in EPSG:3035 with the product's real field names."""
    from osgeo import ogr, osr

    name, layer_name = VECTOR_FILES[product]
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3035)
    lyr = ds.CreateLayer(layer_name, srs, ogr.wkbMultiPolygon)
    if product == "urban_atlas":
        fields = [("country", ogr.OFTString), ("fua_name", ogr.OFTString),
                  ("fua_code", ogr.OFTString), ("code_2018", ogr.OFTString),
                  ("class_2018", ogr.OFTString), ("prod_date", ogr.OFTString),
                  ("identifier", ogr.OFTString), ("perimeter", ogr.OFTReal),
                  ("area", ogr.OFTReal), ("comment", ogr.OFTString), ("Pop2018", ogr.OFTInteger)]
        rows = [{"country": "DE", "fua_name": "Berlin", "fua_code": "DE001L1", "code_2018": c,
                 "class_2018": label, "identifier": f"{i}-DE001L1"}
                for i, (c, label) in enumerate(UA_ROWS)]
    else:
        fields = [("ID", ogr.OFTInteger), ("CODE_1_18", ogr.OFTInteger),
                  ("CODE_2_18", ogr.OFTInteger), ("CODE_3_18", ogr.OFTInteger),
                  ("CODE_4_18", ogr.OFTInteger), ("AREA_HA", ogr.OFTReal)]
        rows = [{"ID": i, "CODE_1_18": a, "CODE_2_18": b, "CODE_3_18": c, "CODE_4_18": d,
                 "AREA_HA": 400.0} for i, (a, b, c, d) in enumerate(MAES_ROWS)]
    for fname, ftype in fields:
        lyr.CreateField(ogr.FieldDefn(fname, ftype))
    for i, row in enumerate(rows):
        feat = ogr.Feature(lyr.GetLayerDefn())
        for key, value in row.items():
            feat.SetField(key, value)
        x0, y0 = 4_500_000 + 2000 * i, 3_200_000
        ring = f"(({x0} {y0},{x0 + 2000} {y0},{x0 + 2000} {y0 + 2000},{x0} {y0 + 2000},{x0} {y0}))"
        feat.SetGeometry(ogr.CreateGeometryFromWkt(f"MULTIPOLYGON({ring})"))
        lyr.CreateFeature(feat)
    ds = None
    return path


# ------------------------------------------------------------------------------------------
EGMS_DATES = [dt.date(2019, 1, 6) + dt.timedelta(days=24 * i) for i in range(76)]  # 2019–2023


def egms_displacement(velocity: float, day: dt.date, i: int = 0) -> float:
    """Trend (mm/year) + a 2 mm seasonal cycle + a small deterministic wobble, in mm."""
    years = (day - EGMS_DATES[0]).days / 365.25
    season = 2.0 * np.sin(2 * np.pi * (day.timetuple().tm_yday / 365.25))
    wobble = 0.6 * np.sin(1.7 * (day - EGMS_DATES[0]).days / 24 + i)
    return round(velocity * years + season + wobble - 2.0 * np.sin(2 * np.pi * 6 / 365.25)
                 - 0.6 * np.sin(i), 2)


def write_egms_csv(folder: Path, level: str = "L2b", n: int = 25) -> Path:
    """An EGMS CSV in the published column layout: n points on a grid, linear trends."""
    from clms_toolbox.clms_plugin.products import egms

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if level == "L3":
        name = "EGMS_L3_E32N26_100km_U_2019_2023_1.csv"
        columns = egms.L3_COLUMNS
    else:
        name = f"EGMS_{level}_037_0293_IW2_VV_2019_2023_1.csv"
        columns = egms.L2_COLUMNS
    header = [*columns, *(d.strftime("%Y%m%d") for d in EGMS_DATES)]
    lines = [",".join(header)]
    side = int(np.ceil(np.sqrt(n)))
    for i in range(n):
        r, c = divmod(i, side)
        velocity = -24.0 + 48.0 * i / max(n - 1, 1)  # mm/year, −24 … +24
        values = {"pid": f"1VqW{i:06d}", "mp_type": "PS", "latitude": 45.0 + r * 0.001,
                  "longitude": 10.0 + c * 0.001, "easting": 4_300_000 + c * 100,
                  "northing": 2_500_000 + r * 100, "height": 120.0, "height_wgs84": 168.0,
                  "line_of_sight": "A", "track_angle": -12.5, "incidence_angle": 39.0,
                  "rmse": 1.1, "temporal_coherence": 0.9, "amplitude_dispersion": 0.2,
                  "spatial_coherence": 0.8, "mean_velocity": round(velocity, 2),
                  "mean_velocity_std": 0.3, "acceleration": 0.0, "acceleration_std": 0.1,
                  "seasonality": 1.0, "seasonality_std": 0.2}
        row = [str(values[col]) for col in columns]
        row += [f"{egms_displacement(velocity, d, i):.2f}" for d in EGMS_DATES]
        lines.append(",".join(row))
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_water_level_json(folder: Path) -> Path:
    """A water-level station file: GeoJSON Feature with a 'data' list (10-day revisit)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    data = [{"identifier": i, "datetime": (dt.datetime(2023, 1, 3, 8, 30)
                                           + dt.timedelta(days=10 * i)).strftime("%Y/%m/%d %H:%M"),
             "water_surface_height_above_reference_datum": round(1134.21 + 0.1 * i, 2),
             "water_surface_height_uncertainty": 0.05} for i in range(6)]
    doc = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [32.9, -1.0]},
           "properties": {"resource": "L_victoria", "lake": "Lake Test", "basin": "Nile",
                          "country": "UG"}, "data": data}
    path = folder / "c_gls_WL_202301010000_LakeTest_ALTI_V2.2.0.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path
