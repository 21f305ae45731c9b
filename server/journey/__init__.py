"""The member's journey through a group: goals with progress notes, the programme's
phases, the minimum commitment, and the evaluation at the end."""
