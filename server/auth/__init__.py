"""Accounts: invitations, sign-in and sign-out, password reset."""
