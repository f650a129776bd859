"""Schedules, rounds and answers: the check-in itself (models come with the check-ins issue)."""
