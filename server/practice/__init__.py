"""The practice admin's area under /admin/: the practice's details, its therapists,
its groups and their rules, waiting lists and the practice's access log."""
