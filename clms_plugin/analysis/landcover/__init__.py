"""Land-cover domain: land cover → IPCC categories, change matrices, SDG 15.3.1 (QGIS-free).

The Processing glue imports the public names below; other modules are implementation.
"""

from .ipcc import IPCC_CODES, IPCC_NAMES, NODATA, ReclassResult, landcover_to_ipcc, profiles
from .ipcc import write_area_table as write_ipcc_table
from .landuse_change import ChangeResult, land_use_change, transition_label
from .sdg import STATUS, SdgResult, sdg1531

__all__ = ["IPCC_CODES", "IPCC_NAMES", "NODATA", "STATUS", "ChangeResult", "ReclassResult",
           "SdgResult",
           "land_use_change", "landcover_to_ipcc", "profiles", "sdg1531", "transition_label",
           "write_ipcc_table"]
