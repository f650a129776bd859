"""Schedules, rounds and answers: the check-in itself (its models arrive with the check-ins issue)."""
