"""Processing provider ``clms``: one algorithm per file, each a thin adapter over the core."""
