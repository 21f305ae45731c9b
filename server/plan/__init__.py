"""The relapse-prevention plan (signaleringsplan) and its read-only supporter links."""
