"""Practices, groups and who belongs to them: the organisation every feature builds on."""
