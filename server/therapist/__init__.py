"""The therapists' area under /therapist/: groups, members and invitations."""
