"""Who may do what: the one decision every request of the workspace passes
(:func:`decide`, called by the app's guard for every route).

- a *clerk* of an office reads its packets, edits its records, builds and downloads;
- an *approver* holds one of the profile's roles in one office: reads and downloads
  that office's packets and takes the approval chain's steps (``approve``: the step
  itself must be their role's), and writes nothing else;
- an *office admin* does what a clerk does and manages the office's users;
- a *site admin* creates offices and their admins; to read an office's documents
  they must first record a reason, which the audit trail keeps.
Another office's packets, files, previews, photos and downloads answer 404, as if they
did not exist."""

from __future__ import annotations

from docgen.accounts.people import Who

#: what a request needs
NEEDS = ("signed-in", "read", "download", "write", "build", "approve", "manage", "reason")
ALLOWED = {
    "clerk": {"read", "download", "write", "build"},
    "approver": {"read", "download", "approve"},
    "admin": {"read", "download", "write", "build", "manage"},
}
OK, SIGN_IN, FORBIDDEN, NOT_FOUND, REASON = 200, 401, 403, 404, 428


def decide(who: Who | None, office: str | None, need: str, reasons: frozenset[str] = frozenset()) -> int:
    """The answer to *who* asking for *need* in *office* (None: no office's, e.g. the
    list of one's offices): OK, SIGN_IN (nobody signed in), NOT_FOUND (not their
    office), FORBIDDEN (their office, not their right) or REASON (a site admin who has
    not recorded why they read this office). *reasons*: the offices this session's site
    admin has recorded a reason for."""
    assert need in NEEDS, need
    if who is None:
        return SIGN_IN
    if need == "signed-in":
        return OK
    if office is None:
        return NOT_FOUND
    if need == "reason":  # the page where a site admin says why they read an office
        return OK if who.site_admin else NOT_FOUND
    member = who.offices.get(office)
    if member is None:
        if who.site_admin and need in ("read", "download", "manage"):
            return OK if need == "manage" or office in reasons else REASON
        return NOT_FOUND
    return OK if need in ALLOWED[member.role] else FORBIDDEN
