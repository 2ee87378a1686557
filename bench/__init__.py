"""Scale generator and benchmark harness (DESIGN §7). Run with ``python -m bench``."""
