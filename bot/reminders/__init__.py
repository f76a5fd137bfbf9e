"""Reminding: events, their occurrences, which reminder is due, and posting each exactly once."""
