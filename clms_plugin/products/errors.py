"""The one error type that names the parameter a user has to fix (QGIS-free).

Why here: ``products`` (the dates grammar) and ``analysis`` (the engine and the domains) both
report problems with a Processing parameter, and ``products`` must not import ``analysis``.
The class lives in the lower package; ``analysis.engine.errors`` re-exports it and derives
``InputError``/``OutputError`` from it, so the Processing glue catches one type whatever
layer raised it.
"""

from __future__ import annotations


class ParameterError(ValueError):
    """A problem with one parameter's value; ``str()`` is ``"PARAMETER: message"``.

    A ``ValueError`` so that callers written before the type existed still catch it.
    """

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


__all__ = ["ParameterError"]
