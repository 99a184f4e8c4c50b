"""The records' history: every change docgen makes to the records files, and every
change it finds made outside it, kept as a version (who, when, a one-line summary) in a
git repository beside the records (:mod:`.store`); the change of a version by field
(:mod:`.fields`); bringing a version back (:mod:`.restore`)."""
