"""The segments αU is computed from: each coder's continuum cut into units and gaps."""

from __future__ import annotations

import random

import numpy as np

from workbench.agreement.unitizing import Units, _partition, merge_overlaps


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


def test_segments_tile_every_coders_continuum_and_say_what_is_covered() -> None:
    rng = random.Random(7)
    for _ in range(300):
        units, sec_len, sec_m = random_units(rng)
        s, k, b, e, unit = _partition(units, sec_len, sec_m)
        got = list(zip(s.tolist(), k.tolist(), b.tolist(), e.tolist(), unit.tolist(), strict=True))
        assert got == sorted(got)  # in (section, slot, begin) order
        expected = []
        for sec in range(len(sec_len)):
            for slot in range(int(sec_m[sec])):
                mine = (units.section == sec) & (units.slot == slot)
                covered = np.zeros(int(sec_len[sec]), dtype=bool)
                edges = {0, int(sec_len[sec])}
                for x, y in zip(units.start[mine].tolist(), units.end[mine].tolist(), strict=True):
                    covered[x:y] = True
                    edges |= {x, y}
                points = sorted(edges)
                for x, y in zip(points[:-1], points[1:], strict=True):
                    expected.append((sec, slot, x, y, bool(covered[x])))
        assert got == expected
