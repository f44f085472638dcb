"""Automatic checks that find an article's internal inconsistencies."""
