"""The machinery behind :mod:`duban_core.strategies` (its public names are re-exported there)."""
