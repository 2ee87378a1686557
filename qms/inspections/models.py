"""Models of this app (see its services for the rules)."""
