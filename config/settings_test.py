"""Settings for the test suite: the production settings with QMS_TESTING switched on."""

import os

os.environ["QMS_TESTING"] = "1"

from .settings import *  # noqa: F403

STATIC_ROOT = None  # type: ignore[assignment] # WhiteNoise serves from the finders in tests; no collectstatic directory
