"""DOCX: the Jinja environment, rendering a template, Thai typesetting of every run, a
template's structure, the package parts, the deterministic zip, the template check."""
