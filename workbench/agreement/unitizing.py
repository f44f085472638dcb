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
(the whole corpus as one section, or each document as its own).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.agreement.corpus import Int, connected_runs, group_starts


@dataclass(frozen=True)
class Units:
    """Units of one category: section, coder slot, start, end (section coordinates)."""

    section: Int
    slot: Int
    start: Int
    end: Int


def merge_overlaps(units: Units, stride: int) -> tuple[Units, int]:
    """Merge overlapping units of one coder (touching ones stay apart); how many were merged."""
    if len(units.start) == 0:
        return units, 0
    order = np.lexsort((units.end, units.start, units.slot, units.section))
    sec, slot = units.section[order], units.slot[order]
    start, end = units.start[order], units.end[order]
    coder = np.cumsum(group_starts(sec * 1_000_003 + slot)) - 1
    runs = connected_runs(coder, start, end, stride)
    first = group_starts(runs)
    idx = np.flatnonzero(first)
    merged = Units(sec[idx], slot[idx], start[idx], np.maximum.reduceat(end, idx))
    return merged, len(start) - len(idx)


def _partition(units: Units, sec_len: Int, sec_m: Int, cuts: Int) -> tuple[Int, Int, Int, Int, Int]:
    """Every coder's segments (units and gaps) per section: section, slot, begin, end, is_unit.
    Gaps also end at every position in ``cuts`` (section 0).

    ``units`` must be merged and sorted by (section, slot, start)."""
    n_sec = len(sec_len)
    coders_sec = np.repeat(np.arange(n_sec), sec_m)
    coders_slot = np.arange(len(coders_sec)) - np.repeat(np.cumsum(sec_m) - sec_m, sec_m)
    if len(cuts):  # every coder of section 0 gets a breakpoint at every cut
        m0 = int(sec_m[0])
        cut_slot = np.tile(np.arange(m0), len(cuts))
        cut_pos = np.repeat(cuts, m0)
        coders_sec = np.concatenate((coders_sec, np.zeros_like(cut_slot)))
        coders_slot = np.concatenate((coders_slot, cut_slot))
        ends = np.concatenate((sec_len[coders_sec[: len(coders_sec) - len(cut_slot)]], cut_pos))
    else:
        ends = sec_len[coders_sec]
    # the breakpoints of each coder: 0, every unit start (+1) and end (-1), L
    sec = np.concatenate((units.section, units.section, coders_sec, coders_sec))
    slot = np.concatenate((units.slot, units.slot, coders_slot, coders_slot))
    pos = np.concatenate((units.start, units.end, np.zeros_like(coders_sec), ends))
    step = np.concatenate(
        (
            np.ones_like(units.start),
            -np.ones_like(units.end),
            np.zeros(2 * len(coders_sec), dtype=np.int64),
        )
    )
    order = np.lexsort((pos, slot, sec))
    sec, slot, pos = sec[order], slot[order], pos[order]
    depth = np.cumsum(step[order])  # units open after this breakpoint (each coder sums to 0)
    same = (sec[1:] == sec[:-1]) & (slot[1:] == slot[:-1]) & (pos[1:] > pos[:-1])
    b, e, s, k = pos[:-1][same], pos[1:][same], sec[:-1][same], slot[:-1][same]
    is_unit = depth[:-1][same] > 0
    return s, k, b, e, is_unit


def _observed(parts: tuple[Int, Int, Int, Int, Int], sec_len: Int, sec_m: Int) -> Int:
    """Σ over ordered coder pairs of δ², per section (not yet normalised)."""
    s, k, b, e, unit = parts
    n_sec = len(sec_len)
    total = np.zeros(n_sec)
    stride = int(sec_len.max(initial=0)) + 1
    most = int(sec_m.max(initial=0))
    for i in range(most):
        for j in range(i + 1, most):
            mi, mj = (k == i) & (sec_m[s] > j), k == j
            keys_i = s[mi] * stride + b[mi]
            keys_j = s[mj] * stride + b[mj]
            points = np.union1d(keys_i, keys_j)
            gi = np.flatnonzero(mi)[np.searchsorted(keys_i, points, side="right") - 1]
            gj = np.flatnonzero(mj)[np.searchsorted(keys_j, points, side="right") - 1]
            ui, uj = unit[gi], unit[gj]
            bi, ei, bj, ej = b[gi], e[gi], b[gj], e[gj]
            both = ui & uj
            d2 = np.where(both, (bi - bj) ** 2 + (ei - ej) ** 2, 0).astype(np.float64)
            in_gap_j = ui & ~uj & (bj <= bi) & (ei <= ej)
            in_gap_i = uj & ~ui & (bi <= bj) & (ej <= ei)
            d2 += np.where(in_gap_j, (ei - bi) ** 2, 0) + np.where(in_gap_i, (ej - bj) ** 2, 0)
            total += 2.0 * np.bincount(s[gi], weights=d2, minlength=n_sec)
    return total


def _expected(units: Units, parts: tuple[Int, Int, Int, Int, Int], sec_len: Int, sec_m: Int) -> Int:
    """The numerator and denominator of D_e per section, combined."""
    s, _, b, e, unit = parts
    n_sec = len(sec_len)
    stride = int(sec_len.max(initial=0)) + 2
    gap_keys = np.sort(s[~unit] * stride + (e - b)[~unit])
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


def disagreements(
    units: Units, sec_len: Int, sec_m: Int, cuts: Int | None = None
) -> tuple[Int, Int]:
    """D_o(c) and D_e(c) per section for one category; ``units`` already merged. ``cuts``:
    positions in section 0 where every coder's gaps end (document boundaries), so that no
    gap, like no unit, spans two documents."""
    order = np.lexsort((units.start, units.slot, units.section))
    units = Units(units.section[order], units.slot[order], units.start[order], units.end[order])
    cuts = np.zeros(0, dtype=np.int64) if cuts is None else cuts
    parts = _partition(units, sec_len, sec_m, cuts)
    pairs = (sec_m * (sec_m - 1)).astype(np.float64) * sec_len.astype(np.float64) ** 2
    observed = np.divide(
        _observed(parts, sec_len, sec_m), pairs, out=np.zeros(len(sec_len)), where=pairs > 0
    )
    return observed, _expected(units, parts, sec_len, sec_m)


def alpha(d_o: float, d_e: float) -> float | None:
    """1 - D_o/D_e, or None when nothing could be expected to disagree."""
    return None if d_e <= 0 else 1.0 - d_o / d_e
