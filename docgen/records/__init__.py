"""Records: the clerk's YAML files read, validated and cross-checked.

``loading`` finds a packet and reads its files (``yamlread``: libyaml into ruamel's
nodes, the limits), ``models`` and ``types`` are the validated shapes, ``checks`` the
rules across files, ``ita`` the framework's bands, ``emblem`` the emblem image, and
``edit`` the in-place editing of a records file that ``new-year`` and the workspace use.
"""

from docgen.records.loading import find_packet, load
from docgen.records.source import Records, Source

__all__ = ["Records", "Source", "find_packet", "load"]
