"""Building: a whole packet (``packet``: every document in memory, then PDFs, then one
write, converting only what changed: ``reuse``), many packets at once (``batch``:
``docgen build -r FOLDER``), the documents of some kinds (``documents``), and the
packet checked against its database (``against``). Nothing is imported here: a
command that only checks the records does not load the renderer."""
