"""A chart-drawing process started before it is needed: it imports matplotlib (about
half a second) while docgen loads the records and renders the other documents on the
first core, then draws one chart. Reads a JSON request (the keyword arguments of
:func:`docgen.chart_draw.draw`) on stdin and writes PNG bytes on stdout; an empty
request means the chart was cached and nothing is drawn. Started by
:func:`docgen.chart.prestart`."""

from __future__ import annotations

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.figure  # noqa: E402,F401 - the import this process exists to do early

from docgen.documents.chart_draw import draw  # noqa: E402


def main() -> None:
    request = sys.stdin.buffer.read()
    if request.strip():
        sys.stdout.buffer.write(draw(**json.loads(request.decode("utf-8"))))


if __name__ == "__main__":
    main()
