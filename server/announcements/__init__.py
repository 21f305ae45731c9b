"""Announcements ("mededelingen"): a short message from the therapists to the current
members of a group, on the members' home until each dismisses it. No replies: members
never reach each other (the groups' rule)."""
