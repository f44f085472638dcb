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


def _partition(units: Units, sec_len: Int, sec_m: Int) -> tuple[Int, Int, Int, Int, Int]:
    """Every coder's segments (units and gaps) per section: section, slot, begin, end, is_unit,
    in that order (section, slot, begin).

    ``units`` must be merged and sorted by (section, slot, start): each coder's breakpoints
    0, start, end, start, end, ..., L are then already in order."""
    n_sec = len(sec_len)
    coders_sec = np.repeat(np.arange(n_sec), sec_m)
    coders_slot = np.arange(len(coders_sec)) - np.repeat(np.cumsum(sec_m) - sec_m, sec_m)
    first_coder = np.cumsum(sec_m) - sec_m
    unit_coder = first_coder[units.section] + units.slot
    per_coder = np.bincount(unit_coder, minlength=len(coders_sec))
    # coder c's breakpoints sit at [base[c], base[c] + 2 units + 2)
    base = 2 * (np.cumsum(per_coder) - per_coder) + 2 * np.arange(len(coders_sec))
    n_points = 2 * len(units.start) + 2 * len(coders_sec)
    pos = np.empty(n_points, dtype=np.int64)
    opens = np.zeros(n_points, dtype=bool)  # a unit begins at this breakpoint
    owner = np.repeat(np.arange(len(coders_sec)), 2 * per_coder + 2)
    pos[base] = 0
    pos[base + 2 * per_coder + 1] = sec_len[coders_sec]
    rank = np.arange(len(units.start)) - (np.cumsum(per_coder) - per_coder)[unit_coder]
    at = base[unit_coder] + 1 + 2 * rank
    pos[at] = units.start
    pos[at + 1] = units.end
    opens[at] = True
    same = (owner[1:] == owner[:-1]) & (pos[1:] > pos[:-1])
    c = owner[:-1][same]
    return coders_sec[c], coders_slot[c], pos[:-1][same], pos[1:][same], opens[:-1][same]


def _observed(parts: tuple[Int, Int, Int, Int, Int], sec_len: Int, sec_m: Int) -> Int:
    """Σ over ordered coder pairs of δ², per section (not yet normalised)."""
    s, k, b, e, unit = parts
    n_sec = len(sec_len)
    total = np.zeros(n_sec)
    stride = int(sec_len.max(initial=0)) + 1
    most = int(sec_m.max(initial=0))
    for i in range(most):
        for j in range(i + 1, most):
            # every point where a segment of i or of j begins, with the segment of each
            # that holds it: the two sorted lists of beginnings merged
            idx_i = np.flatnonzero((k == i) & (sec_m[s] > j))
            idx_j = np.flatnonzero(k == j)
            keys = np.concatenate((s[idx_i] * stride + b[idx_i], s[idx_j] * stride + b[idx_j]))
            order = np.argsort(keys, kind="stable")  # two sorted runs: one merge
            from_i = order < len(idx_i)
            ordered = keys[order]
            last = np.ones(len(order), dtype=bool)  # one row per point: the last of its run
            last[:-1] = ordered[1:] != ordered[:-1]
            gi = idx_i[(np.cumsum(from_i) - 1)[last]]
            gj = idx_j[(np.cumsum(~from_i) - 1)[last]]
            ui, uj = unit[gi], unit[gj]
            bi, ei, bj, ej = b[gi], e[gi], b[gj], e[gj]
            both = ui & uj
            d2 = np.where(both, (bi - bj) ** 2 + (ei - ej) ** 2, 0).astype(np.float64)
            in_gap_j = ui & ~uj & (bj <= bi) & (ei <= ej)
            in_gap_i = uj & ~ui & (bi <= bj) & (ej <= ei)
            d2 += np.where(in_gap_j, (ei - bi) ** 2, 0) + np.where(in_gap_i, (ej - bj) ** 2, 0)
            total += 2.0 * np.bincount(s[gi], weights=d2, minlength=n_sec)
    return total


def expected(units: Units, parts: tuple[Int, Int, Int, Int, Int], sec_len: Int, sec_m: Int) -> Int:
    """The numerator and denominator of D_e per section, combined."""
    s, _, b, e, unit = parts
    n_sec = len(sec_len)
    stride = int(sec_len.max(initial=0)) + 2
    gap_keys = np.sort(s[~unit] * stride + (e - b)[~unit], kind="stable")  # sorted by s
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
    parts: tuple[Int, Int, Int, Int, Int]  # the segments (see _partition)


def section_disagreements(units: Units, sec_len: Int, sec_m: Int) -> SectionDisagreements:
    """D_o(c) and D_e(c) per section; ``units`` already merged and sorted by (section, slot,
    start), as :func:`merge_overlaps` gives them."""
    parts = _partition(units, sec_len, sec_m)
    pairs = (sec_m * (sec_m - 1)).astype(np.float64) * sec_len.astype(np.float64) ** 2
    observed_sum = _observed(parts, sec_len, sec_m)
    observed = np.divide(observed_sum, pairs, out=np.zeros(len(sec_len)), where=pairs > 0)
    return SectionDisagreements(
        observed_sum, observed, expected(units, parts, sec_len, sec_m), parts
    )


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
