"""PDF: DOCX converted by one headless LibreOffice (``convert``, which drives
``worker`` under the system Python), then finished (``finish``: text layer, dates)."""
