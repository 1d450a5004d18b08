"""Surface-water domain: occurrence/change/seasonality/recurrence and transitions (QGIS-free).

The Processing glue imports the public names below; other modules are implementation.
"""

from .dates import dated_bands, dated_years
from .encodings import ENCODING_LABELS
from .occurrence import CHANGE_CLASSES, change_class_colours
from .surface_change import run_surface_change
from .transitions import TRANSITION_CLASSES, run_transitions

__all__ = ["CHANGE_CLASSES", "ENCODING_LABELS", "TRANSITION_CLASSES", "change_class_colours",
           "dated_bands", "dated_years", "run_surface_change", "run_transitions"]
