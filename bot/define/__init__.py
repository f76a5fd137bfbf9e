"""Defining: finding the entry a question means, numbered framework parts, comparisons."""
