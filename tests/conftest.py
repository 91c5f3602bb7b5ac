"""Test configuration: hypothesis profiles.

``ci`` (default) keeps the whole suite well under ten minutes on two cores; ``thorough``
(``DUBAN_HYPOTHESIS_PROFILE=thorough``) runs far more examples for long runs;
``dev`` is a quick loop while editing.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=100, deadline=None, print_blob=True)
settings.register_profile(
    "thorough",
    max_examples=5_000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=20, deadline=None)
settings.load_profile(os.environ.get("DUBAN_HYPOTHESIS_PROFILE", "ci"))
