"""Output: files written all or nothing, never over a clerk's edits (``staged``)."""
