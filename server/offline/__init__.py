"""The installable, offline-first app: manifest, service worker, offline page, the
per-device storage setting, and replay-safe delivery of actions queued offline."""
