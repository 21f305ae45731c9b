"""The schedule: meeting series, meetings, attendance ("ik kan niet komen") and the
member's private calendar feed."""
