from django.dispatch import Signal

# Sent inside the transaction that links two people: couple, and accepted_by (the invitee).
couple_linked = Signal()
# Sent inside the transaction that ends a couple: couple_id, and ended_by.
couple_ended = Signal()
