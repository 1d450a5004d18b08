"""Land-cover domain: IPCC categories, change matrices, SDG 15.3.1, land representation.

QGIS-free.

The Processing glue imports the public names below; other modules are implementation.
"""

from .ipcc import (
    IPCC_CODES,
    IPCC_NAMES,
    NODATA,
    ReclassResult,
    ipcc_area_table,
    landcover_to_ipcc,
    profiles,
)
from .ipcc import write_area_table as write_ipcc_table
from .landuse_change import (
    ChangeResult,
    land_use_change,
    matrix_table,
    transition_label,
    transitions_table,
)
from .representation import (
    COLUMNS as REPRESENTATION_COLUMNS,
)
from .representation import (
    DATING_OPTIONS,
    MAX_TRANSITION_YEARS,
    RepresentationResult,
    land_representation,
    map_years,
    parse_report_years,
)
from .representation_report import write_representation_report
from .sdg import STATUS, SdgResult, sdg1531, summary_table

__all__ = ["DATING_OPTIONS", "IPCC_CODES", "IPCC_NAMES", "MAX_TRANSITION_YEARS", "NODATA",
           "REPRESENTATION_COLUMNS", "STATUS", "ChangeResult", "ReclassResult",
           "RepresentationResult", "SdgResult", "ipcc_area_table", "land_representation",
           "land_use_change", "landcover_to_ipcc", "map_years", "matrix_table",
           "parse_report_years", "profiles", "sdg1531", "summary_table", "transition_label",
           "transitions_table", "write_ipcc_table", "write_representation_report"]
