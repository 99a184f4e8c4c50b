"""Drafts of records files made from records: next year's packet (``new_year``) and the
year's progress report (``new_progress``)."""
