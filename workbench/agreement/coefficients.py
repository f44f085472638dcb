"""Coding coefficients on weighted units: Krippendorff's α (nominal), Fleiss' κ, Cohen's κ.

A unit is a row of *value counts* (how many coders gave each value) and carries a weight:
the number of identical units it stands for (a run of characters coded alike). With all
weights 1 these are the textbook formulas; the tests hold α against the ``krippendorff``
package and the published examples.
"""

from __future__ import annotations

import numpy as np

from workbench.agreement.corpus import Int


def coincidences(counts: Int, weights: Int) -> Int:
    """Krippendorff's coincidence matrix o[v, v'] = Σ_u w_u (n_uv n_uv' - [v=v'] n_uv)/(m_u - 1),
    over units with two or more values (pairable)."""
    counts = np.asarray(counts, dtype=np.float64)
    weights = np.asarray(weights, dtype=np.float64)
    m = counts.sum(axis=1)
    keep = m >= 2
    f = weights[keep] / (m[keep] - 1.0)
    c = counts[keep]
    scaled = c * f[:, None]
    return scaled.T @ c - np.diag(scaled.sum(axis=0))


def alpha_nominal(counts: Int, weights: Int) -> float | None:
    """Krippendorff's α for nominal values: 1 - (n-1) Σ_{v≠v'} o / Σ_{v≠v'} n_v n_v'.
    None when no disagreement could be expected (fewer than two values or pairable units)."""
    o = coincidences(counts, weights)
    n_v = o.sum(axis=0)
    n = float(n_v.sum())
    expected = n * n - float((n_v**2).sum())
    if n <= 1 or expected <= 1e-12 * max(n * n, 1.0):
        return None
    observed = n - float(np.trace(o))
    return 1.0 - (n - 1.0) * observed / expected


def fleiss_kappa(counts: Int, weights: Int) -> float | None:
    """Fleiss' κ (1971); units with m_u ≥ 2 coders, where P_u = (Σ n_uv² - m_u)/(m_u(m_u-1)),
    P̄ the weighted mean of P_u, p_v = Σ w n_uv / Σ w m_u and P_e = Σ p_v². With a varying
    number of coders per unit this is the usual generalisation. None when P_e = 1."""
    counts = np.asarray(counts, dtype=np.float64)
    weights = np.asarray(weights, dtype=np.float64)
    m = counts.sum(axis=1)
    keep = m >= 2
    c, w, m = counts[keep], weights[keep], m[keep]
    if w.sum() <= 0:
        return None
    p_u = ((c**2).sum(axis=1) - m) / (m * (m - 1.0))
    p_bar = float((w * p_u).sum() / w.sum())
    p_v = (c * w[:, None]).sum(axis=0) / float((w * m).sum())
    p_e = float((p_v**2).sum())
    if p_e >= 1.0 - 1e-12:
        return None
    return (p_bar - p_e) / (1.0 - p_e)


def cohen_kappa(confusion: Int) -> float | None:
    """Cohen's κ (1960) from a square table (rows: first rater, columns: second).
    None when chance agreement is 1 (both raters used one and the same value throughout)."""
    t = np.asarray(confusion, dtype=np.float64)
    total = float(t.sum())
    if total <= 0:
        return None
    p_o = float(np.trace(t)) / total
    p_e = float((t.sum(axis=1) * t.sum(axis=0)).sum()) / (total * total)
    if p_e >= 1.0 - 1e-12:
        return None
    return (p_o - p_e) / (1.0 - p_e)
