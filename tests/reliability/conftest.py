"""Hypothesis profiles of the reliability tests.

The default run (``make test``) keeps hypothesis' usual 100 examples per target; ``make fuzz``
sets ``WORKBENCH_FUZZ=1``, which loads the ``fuzz`` profile: 10,000 examples per target.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "fuzz",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
if os.environ.get("WORKBENCH_FUZZ") == "1":
    settings.load_profile("fuzz")
