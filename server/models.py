"""Every table of the app, imported in one place for Alembic and the tests.

A feature that adds models adds its module here.
"""

from server.announcements.models import Announcement, AnnouncementDismissal
from server.audit import AuditEvent
from server.auth.models import Invite, PasswordReset, RecoveryCode, User
from server.db import Base
from server.groups.models import Group, GroupTherapist, Membership, Practice
from server.homework.models import Assignment, Reflection
from server.journey.models import Evaluation, Goal, GoalNote, GroupPhase, MemberPhase
from server.offline.models import IdempotencyKey
from server.plan.models import Plan, PlanItem, PlanShare, PlanVersion, ShareView, SupportContact
from server.plan.together_models import PlanReview, PlanSuggestion
from server.practice.models import StaffInvite, WaitingListEntry
from server.push.models import NotificationLog, NotificationPreference, PushSubscription
from server.schedule.models import Attendance, CalendarFeed, Meeting, MeetingSeen, MeetingSeries

__all__ = [
    "Announcement",
    "AnnouncementDismissal",
    "Evaluation",
    "IdempotencyKey",
    "Goal",
    "GoalNote",
    "GroupPhase",
    "MemberPhase",
    "NotificationLog",
    "NotificationPreference",
    "PushSubscription",
    "Plan",
    "PlanItem",
    "PlanReview",
    "PlanShare",
    "PlanSuggestion",
    "PlanVersion",
    "ShareView",
    "SupportContact",
    "Assignment",
    "Reflection",
    "Attendance",
    "AuditEvent",
    "CalendarFeed",
    "Meeting",
    "MeetingSeen",
    "MeetingSeries",
    "Base",
    "Group",
    "GroupTherapist",
    "Invite",
    "Membership",
    "PasswordReset",
    "Practice",
    "RecoveryCode",
    "StaffInvite",
    "WaitingListEntry",
    "User",
]
