"""``docgen validate`` grows at most linearly in each dimension of the records: each
is scaled ×10 (units in a chain, units flat, roles in a chain, measures, references
per measure, and units with as many wrong references) and the time and the peak of
memory must grow at most :data:`GROWTH` times, and stay under :data:`SECONDS` and
:data:`MEGABYTES` at the larger size. What validate costs anyway (the sample's files,
the framework, passed or refused) is measured once and taken off both sizes. Each run
parses the records anew (the process's cache of shared files emptied), as each
command does."""

from __future__ import annotations

import time
import tracemalloc
from typing import Callable

import pytest
from hostile_r2_checks import (
    MEASURES_AT,
    ROLES_AT,
    UNITS_AT,
    before,
    flat_units,
    measures,
    role_chain,
    support_of,
    unit_chain,
)

from docgen.records.yamlread import _SHARED

from conftest import Records, run
from hostile_corpus import ORG, PACKET

GROWTH = 20  # for 10× the input: linear with room for noise, where a square would be 100×
SECONDS, MEGABYTES = 10, 500
FLOOR_SECONDS, FLOOR_BYTES = 0.1, 2 * 2**20  # below these a difference is noise


def bottom_signer(n: int) -> Callable:
    """*n* roles in a chain under head-of-office, the memo signed at its foot: the memo's
    line (checked by validate) is the whole chain."""
    def change(root):
        chain = "".join(f"  r{i}:\n    position: ตำแหน่งที่ {i}\n    short: ต.{i}\n"
                        f"    reports_to: {f'r{i - 1}' if i else 'head-of-office'}\n" for i in range(n))
        before(ORG, ROLES_AT, chain)(root)
        path = root / PACKET
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("  sender: legal-affairs\n  signer: head-of-office",
                                     f"  sender: legal-affairs\n  signer: r{n - 1}", 1), encoding="utf-8")
    return change


def flat_with_wrong(units: int, wrong: int) -> Callable:
    def change(root):
        before(ORG, UNITS_AT, flat_units(units))(root)
        support_of([f"x{i}" for i in range(wrong)])(root)
    return change


DIMENSIONS: dict[str, tuple[int, Callable[[int], Callable], int]] = {
    # name: (n, the change for n, validate's exit code)
    "units in a chain": (300, lambda n: before(ORG, UNITS_AT, unit_chain(n)), 0),
    "units in a looped chain": (300, lambda n: before(ORG, UNITS_AT, unit_chain(n, loop=True)), 1),
    "units flat": (300, lambda n: flat_with_wrong(n, 50), 1),
    "roles in a chain": (300, bottom_signer, 0),
    "roles in a looped chain": (300, lambda n: before(ORG, ROLES_AT, role_chain(n, loop=True)), 1),
    "measures": (100, lambda n: before(PACKET, MEASURES_AT, measures(n)), 0),
    "references per measure": (1000, lambda n: flat_with_wrong(50, n), 1),
    "units and their wrong references": (300, lambda n: flat_with_wrong(n, n), 1),
}


def measured(tmp_path, name: str, change: Callable | None, code: int) -> tuple[float, int]:
    """The time and the peak of memory (bytes, by tracemalloc) of ``docgen validate``
    of the sample with *change*, which must end with exit *code*."""
    recs = Records(tmp_path / name)
    if change is not None:
        change(recs.root)
    _SHARED.clear()  # the profile parsed anew, as by each run of the command
    started = time.perf_counter()
    result = run("validate", "-r", str(recs.packet))
    seconds = time.perf_counter() - started
    assert result.exit_code == code, result.stderr[-2000:]
    _SHARED.clear()
    tracemalloc.start()
    try:
        run("validate", "-r", str(recs.packet))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return seconds, peak


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> dict[int, tuple[float, int]]:
    """What validate costs by its outcome: the sample as it is (passed, exit 0), and
    with one unknown unit (refused, exit 1)."""
    run("validate")  # imports and caches warmed: the first run pays for them
    folder = tmp_path_factory.mktemp("base")
    return {0: measured(folder, "sample", None, 0), 1: measured(folder, "refused", support_of(["x"]), 1)}


@pytest.mark.parametrize("name", list(DIMENSIONS))
def test_validate_grows_at_most_linearly(name, base, tmp_path):
    n, change, code = DIMENSIONS[name]
    fixed = base[code]
    small = measured(tmp_path, "small", change(n), code)
    large = measured(tmp_path, "large", change(10 * n), code)
    seconds, peak = (max(large[k] - fixed[k], floor) / max(small[k] - fixed[k], floor)
                     for k, floor in ((0, FLOOR_SECONDS), (1, FLOOR_BYTES)))
    detail = f"{name}: {small[0]:.2f} s / {small[1] / 2**20:.0f} MB at {n}, {large[0]:.2f} s / {large[1] / 2**20:.0f} MB"
    assert seconds <= GROWTH and peak <= GROWTH, detail
    assert large[0] < SECONDS and large[1] < MEGABYTES * 2**20, detail
