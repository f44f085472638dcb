"""Krippendorff's unitizing alpha (αU) on character positions.

Krippendorff (1995), "On the reliability of unitizing contiguous data"; Content Analysis,
2nd ed. (2004), ch. 12. For a category c, each coder's continuum is cut into segments: the
units of c and the gaps between them. With m coders and a continuum of length L:

    D_o(c) = Σ_i Σ_{j≠i} Σ_g Σ_h δ²(g, h) / (m (m-1) L²)

where δ² is (b_g-b_h)² + (e_g-e_h)² for two overlapping units, l² for a unit of length l
inside a gap of the other coder, and 0 otherwise; and

    D_e(c) = (2/L) Σ_units [ (N_c-1)/3 · (2l³ - 3l² + l) + l² Σ_{gaps G ≥ l} (G - l + 1) ]
             / ( mL(mL-1) - Σ_units l(l-1) )

with N_c the number of units of c over all coders. αU(c) = 1 - D_o(c)/D_e(c); pooled over
categories αU = 1 - mean_c D_o(c) / mean_c D_e(c). Undefined (None) when D_e is 0.

Everything here works on *sections*: independent continua computed in one vectorised pass
(one section per document and category; see ``alpha_u`` for the corpus continuum).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.agreement.corpus import Int, connected_runs, group_starts, lex_order


@dataclass(frozen=True)
class Units:
    """Units of one category: section, coder slot, start, end (section coordinates)."""

    section: Int
    slot: Int
    start: Int
    end: Int


def merge_overlaps(units: Units, stride: int, *, ordered: bool = False) -> tuple[Units, int]:
    """Merge overlapping units of one coder (touching ones stay apart); how many were merged.
    ``ordered``: the units are already sorted by (section, slot, start, end). The merged
    units come sorted by (section, slot, start)."""
    if len(units.start) == 0:
        return units, 0
    if ordered:
        sec, slot, start, end = units.section, units.slot, units.start, units.end
    else:
        order = lex_order(units.section, units.slot, units.start, units.end)
        sec, slot = units.section[order], units.slot[order]
        start, end = units.start[order], units.end[order]
    coder = np.cumsum(group_starts(sec * 1_000_003 + slot)) - 1
    runs = connected_runs(coder, start, end, stride)
    first = group_starts(runs)
    idx = np.flatnonzero(first)
    merged = Units(sec[idx], slot[idx], start[idx], np.maximum.reduceat(end, idx))
    return merged, len(start) - len(idx)


def _gaps(units: Units, sec_len: Int, sec_m: Int) -> tuple[Int, Int]:
    """Every coder's gaps (the stretches between, before and after their units), as
    section and length, ordered by section.

    ``units`` must be merged and sorted by (section, slot, start)."""
    n_sec, n_units = len(sec_len), len(units.start)
    first_coder = np.cumsum(sec_m) - sec_m
    coders_sec = np.repeat(np.arange(n_sec), sec_m)
    coder = first_coder[units.section] + units.slot
    new_coder = group_starts(coder)
    # the gap before each unit: from the end of the coder's previous unit (or 0)
    previous_end = np.zeros(n_units, dtype=np.int64)
    previous_end[1:] = units.end[:-1]
    previous_end[new_coder] = 0
    # the gap after each coder's last unit (or the whole section) to the section's end
    last_end = np.zeros(len(coders_sec), dtype=np.int64)
    is_last = np.ones(n_units, dtype=bool)
    is_last[:-1] = new_coder[1:]
    last_end[coder[is_last]] = units.end[is_last]
    sec = np.concatenate((units.section, coders_sec))
    length = np.concatenate((units.start - previous_end, sec_len[coders_sec] - last_end))
    order = np.argsort(sec, kind="stable")  # two runs sorted by section: one merge
    sec, length = sec[order], length[order]
    keep = length > 0
    return sec[keep], length[keep]


def _observed(units: Units, sec_len: Int, sec_m: Int) -> Int:
    """Σ over ordered coder pairs of δ², per section (not yet normalised): (b_g-b_h)² +
    (e_g-e_h)² for every two overlapping units g and h of the two coders, and l² for every
    unit of one that no unit of the other overlaps (it lies in a gap of the other).

    ``units`` must be merged and sorted by (section, slot, start)."""
    n_sec = len(sec_len)
    total = np.zeros(n_sec)
    stride = int(sec_len.max(initial=0)) + 1
    most = int(sec_m.max(initial=0))
    sec, b, e = units.section, units.start, units.end
    key_b, key_e = sec * stride + b, sec * stride + e
    square = (e - b) ** 2
    for i in range(most):
        for j in range(i + 1, most):
            ui = np.flatnonzero((units.slot == i) & (sec_m[sec] > j))
            uj = np.flatnonzero(units.slot == j)
            # j's units are disjoint and sorted: those overlapping a unit of i are a run
            lo = np.searchsorted(key_e[uj], key_b[ui], side="right")
            hi = np.searchsorted(key_b[uj], key_e[ui], side="left")
            n = np.maximum(hi - lo, 0)
            at = np.repeat(lo - (np.cumsum(n) - n), n) + np.arange(int(n.sum()))
            gi, gj = np.repeat(ui, n), uj[at]
            hit = np.zeros(len(uj), dtype=bool)
            hit[at] = True
            lone_i, lone_j = ui[n == 0], uj[~hit]
            d2 = (b[gi] - b[gj]) ** 2 + (e[gi] - e[gj]) ** 2
            sums = np.zeros(n_sec)
            sums += np.bincount(sec[gi], weights=d2, minlength=n_sec)
            sums += np.bincount(sec[lone_i], weights=square[lone_i], minlength=n_sec)
            sums += np.bincount(sec[lone_j], weights=square[lone_j], minlength=n_sec)
            total += 2.0 * sums
    return total


def expected(units: Units, gaps: tuple[Int, Int], sec_len: Int, sec_m: Int) -> Int:
    """The numerator and denominator of D_e per section, combined; ``gaps``: every coder's
    gaps as section and length."""
    gap_sec, gap_len = gaps
    n_sec = len(sec_len)
    stride = int(sec_len.max(initial=0)) + 2
    gap_keys = np.sort(gap_sec * stride + gap_len, kind="stable")  # sorted by section
    cum = np.concatenate(([0.0], np.cumsum((gap_keys % stride).astype(np.float64))))
    length = (units.end - units.start).astype(np.float64)
    sec = units.section
    n_c = np.bincount(sec, minlength=n_sec).astype(np.float64)
    lo = np.searchsorted(gap_keys, sec * stride + (units.end - units.start), side="left")
    hi = np.searchsorted(gap_keys, (sec + 1) * stride, side="left")
    gaps_sum = (cum[hi] - cum[lo]) - (length - 1.0) * (hi - lo)
    per_unit = (n_c[sec] - 1.0) / 3.0 * (2 * length**3 - 3 * length**2 + length)
    per_unit += length**2 * gaps_sum
    num = 2.0 / np.maximum(sec_len, 1) * np.bincount(sec, weights=per_unit, minlength=n_sec)
    ml = (sec_m * sec_len).astype(np.float64)
    den = ml * (ml - 1.0) - np.bincount(sec, weights=length * (length - 1.0), minlength=n_sec)
    return np.divide(num, den, out=np.zeros(n_sec), where=den > 0)


@dataclass(frozen=True)
class SectionDisagreements:
    """D_o(c) and D_e(c) of one category per section, and what they are made of."""

    observed_sum: Int  # Σ over ordered coder pairs of δ² (D_o before normalising)
    observed: Int  # D_o
    expected: Int  # D_e
    gaps: tuple[Int, Int]  # every coder's gaps: section and length (see _gaps)


def section_disagreements(units: Units, sec_len: Int, sec_m: Int) -> SectionDisagreements:
    """D_o(c) and D_e(c) per section; ``units`` already merged and sorted by (section, slot,
    start), as :func:`merge_overlaps` gives them."""
    gaps = _gaps(units, sec_len, sec_m)
    pairs = (sec_m * (sec_m - 1)).astype(np.float64) * sec_len.astype(np.float64) ** 2
    observed_sum = _observed(units, sec_len, sec_m)
    observed = np.divide(observed_sum, pairs, out=np.zeros(len(sec_len)), where=pairs > 0)
    return SectionDisagreements(observed_sum, observed, expected(units, gaps, sec_len, sec_m), gaps)


def observed_of(observed_sum: float, m: int, length: int) -> float:
    """D_o from Σ δ² over the ordered pairs of ``m`` coders on a continuum of ``length``."""
    found = np.divide(
        np.array([observed_sum]),
        np.array([m * (m - 1)]).astype(np.float64) * np.array([length]).astype(np.float64) ** 2,
        out=np.zeros(1),
        where=m * (m - 1) * length > 0,
    )
    return float(found[0])


def alpha(d_o: float, d_e: float) -> float | None:
    """1 - D_o/D_e, or None when nothing could be expected to disagree."""
    return None if d_e <= 0 else 1.0 - d_o / d_e
