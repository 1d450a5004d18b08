"""Typed core errors that carry the Processing parameter they are about (QGIS-free).

Why: a message must name the parameter the user has to fix. The core knows which input or
output failed (an unreadable raster, an unwritable folder, a bad date list); the glue only
translates ``ParameterError(parameter, message)`` into "PARAMETER: message". Without the type
the glue had to guess, and an unwritable output folder was reported as an INPUT problem.
"""

from __future__ import annotations

# One base for every layer: the dates grammar in ``products`` raises it too (DateParseError).
from ...products.errors import ParameterError


class InputError(ParameterError):
    """An input that cannot be read or does not fit (grid, bands, data type, CRS)."""


class OutputError(ParameterError):
    """An output that cannot be written (folder, format, collision with an input)."""


__all__ = ["InputError", "OutputError", "ParameterError"]
