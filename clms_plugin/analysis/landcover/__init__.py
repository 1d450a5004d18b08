"""Land-cover domain: land cover → IPCC categories, change matrices, SDG 15.3.1 (QGIS-free).

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
from .sdg import STATUS, SdgResult, sdg1531, summary_table

__all__ = ["IPCC_CODES", "IPCC_NAMES", "NODATA", "STATUS", "ChangeResult", "ReclassResult",
           "SdgResult", "ipcc_area_table", "land_use_change", "landcover_to_ipcc",
           "matrix_table", "profiles", "sdg1531", "summary_table", "transition_label",
           "transitions_table", "write_ipcc_table"]
