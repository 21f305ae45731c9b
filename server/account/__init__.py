"""The member's own account: second factor, password, who saw my data, export, delete."""
