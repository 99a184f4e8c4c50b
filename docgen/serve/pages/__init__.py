"""The workspace's pages, one blueprint a kind: signing in (``auth``), the list of
organisations and the font (``home``), a packet's page with its build and drafts
(``packet``), the forms (``forms``), the output files and previews (``files``), an
office's users (``users``) and a packet's history (``history``)."""

from docgen.serve.pages import auth, files, forms, history, home, packet, users

BLUEPRINTS = (auth.bp, home.bp, packet.bp, forms.bp, files.bp, users.bp, history.bp)
