"""Facts: everything derived from the records (grades, numbering, rises and falls,
fiscal years, full unit names, the chain a memo climbs), derived once per packet.
``summary`` is the account ``docgen validate`` prints."""

from docgen.facts.derive import facts

__all__ = ["facts"]
