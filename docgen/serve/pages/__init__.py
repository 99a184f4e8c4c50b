"""The workspace's pages, one blueprint a kind: signing in (``auth``), the list of
organisations and the font (``home``), a packet's page with its build and drafts
(``packet``), the forms (``forms``), the output files and previews (``files``), an
office's users (``users``), a packet's history (``history``), the register (``register``) and the approval
chain (``chain``)."""

from docgen.serve.pages import auth, chain, files, forms, history, home, packet, register, users

BLUEPRINTS = (auth.bp, home.bp, packet.bp, forms.bp, files.bp, users.bp, history.bp, register.bp, chain.bp)
