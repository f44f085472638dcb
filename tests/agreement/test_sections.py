"""The segments αU is computed from: each coder's continuum cut into units and gaps."""

from __future__ import annotations

import random

import numpy as np

from workbench.agreement.unitizing import Units, _gaps, _observed, merge_overlaps


def random_units(rng: random.Random) -> tuple[Units, np.ndarray, np.ndarray]:
    n_sec = rng.randint(1, 6)
    sec_len = np.array([rng.randint(0, 40) for _ in range(n_sec)])
    sec_m = np.array([rng.randint(1, 4) for _ in range(n_sec)])
    rows = []
    for s in range(n_sec):
        for k in range(int(sec_m[s])):
            for _ in range(rng.randint(0, 5) if sec_len[s] > 1 else 0):
                b = rng.randrange(0, int(sec_len[s]))
                rows.append((s, k, b, rng.randint(b + 1, int(sec_len[s]))))
    rng.shuffle(rows)
    cols = [np.array([r[i] for r in rows], dtype=np.int64) for i in range(4)]
    merged, _ = merge_overlaps(Units(*cols), int(sec_len.max()) + 1)
    return merged, sec_len, sec_m


def segments(units: Units, sec: int, slot: int, length: int) -> list[tuple[int, int, bool]]:
    """A coder's continuum cut into units and gaps, character by character."""
    mine = (units.section == sec) & (units.slot == slot)
    covered = np.zeros(length, dtype=bool)
    edges = {0, length}
    for x, y in zip(units.start[mine].tolist(), units.end[mine].tolist(), strict=True):
        covered[x:y] = True
        edges |= {x, y}
    points = sorted(edges)
    return [(x, y, bool(covered[x])) for x, y in zip(points[:-1], points[1:], strict=True)]


def test_gaps_are_every_coders_uncovered_stretches() -> None:
    rng = random.Random(7)
    for _ in range(300):
        units, sec_len, sec_m = random_units(rng)
        gap_sec, gap_len = _gaps(units, sec_len, sec_m)
        assert gap_sec.tolist() == sorted(gap_sec.tolist())
        for sec in range(len(sec_len)):
            want = [
                y - x
                for slot in range(int(sec_m[sec]))
                for x, y, unit in segments(units, sec, slot, int(sec_len[sec]))
                if not unit
            ]
            assert sorted(gap_len[gap_sec == sec].tolist()) == sorted(want)


def test_observed_disagreement_is_krippendorffs_sum_over_segment_pairs() -> None:
    rng = random.Random(8)
    for _ in range(300):
        units, sec_len, sec_m = random_units(rng)
        got = _observed(units, sec_len, sec_m)
        for sec in range(len(sec_len)):
            want = 0
            m, length = int(sec_m[sec]), int(sec_len[sec])
            for i in range(m):
                for j in range(m):
                    if i == j:
                        continue
                    for bg, eg, ug in segments(units, sec, i, length):
                        for bh, eh, uh in segments(units, sec, j, length):
                            if ug and uh and bg < eh and bh < eg:  # overlapping units
                                want += (bg - bh) ** 2 + (eg - eh) ** 2
                            elif ug and not uh and bh <= bg and eg <= eh:  # unit g in gap h
                                want += (eg - bg) ** 2
                            elif uh and not ug and bg <= bh and eh <= eg:  # unit h in gap g
                                want += (eh - bh) ** 2
            assert got[sec] == want
