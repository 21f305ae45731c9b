"""The member's start page and the "Meer" page (account, language, sign-out)."""
