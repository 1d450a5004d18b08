"""Surface-water domain: occurrence/change/seasonality/recurrence and transitions (QGIS-free).

The Processing glue imports the public names below; other modules are implementation.
"""

from .dates import dated_bands, dated_years
from .encodings import ENCODING_LABELS
from .occurrence import run_surface_change
from .transitions import run_transitions

__all__ = ["ENCODING_LABELS", "dated_bands", "dated_years", "run_surface_change",
           "run_transitions"]
