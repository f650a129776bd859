from django.dispatch import Signal

# Sent inside checkin_submit's transaction, once a person's answers for a round are saved:
# round, person, and taken_back (the pulse items whose answer was shared before and is
# private now). The trends app listens: check-ins never import it.
answers_saved = Signal()
