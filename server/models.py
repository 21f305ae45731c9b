"""Every table of the app, imported in one place for Alembic and the tests.

A feature that adds models adds its module here.
"""

from server.audit import AuditEvent
from server.auth.models import Invite, PasswordReset, User
from server.db import Base
from server.groups.models import Group, GroupTherapist, Membership, Practice

__all__ = [
    "AuditEvent",
    "Base",
    "Group",
    "GroupTherapist",
    "Invite",
    "Membership",
    "PasswordReset",
    "Practice",
    "User",
]
