"""Text shared by every job: folding, a query understood once, typo fixing."""
