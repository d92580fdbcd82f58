"""Layer 5: figures drawn from saved tables only (never by re-running a model)."""
