"""Prompts and practices written from the source articles (models arrive with the content issue)."""
