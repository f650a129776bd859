"""Discreet reminder emails, each person at their own local time, each sent once."""
