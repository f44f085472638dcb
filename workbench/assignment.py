"""Who annotates what: spread articles over annotators so that each article gets ``per_task``
different annotators and every annotator's load is as even as it can be. Pure code."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from workbench.errors import ConfigError


def plan_assignment(
    articles: Sequence[str],
    annotators: Sequence[str],
    per_task: int,
    current: Mapping[str, Iterable[str]] | None = None,
) -> dict[str, list[str]]:
    """Each annotator's articles (in the order of ``articles``).

    Assignments in ``current`` are kept (running it again moves nobody's work); each article
    still short of ``per_task`` annotators goes to the least-loaded annotators who do not have
    it yet, ties broken by the order of ``annotators``. From an empty start, loads differ by at
    most one. Raises :class:`ConfigError` on impossible or malformed requests."""
    names = [a.strip() for a in annotators]
    if not names or any(not a for a in names):
        raise ConfigError("name at least one annotator (comma-separated emails)")
    if len({a.lower() for a in names}) != len(names):
        raise ConfigError("an annotator is named twice")
    if per_task < 1:
        raise ConfigError("--per-task must be at least 1")
    if per_task > len(names):
        raise ConfigError(
            f"--per-task {per_task} needs at least {per_task} annotators; got {len(names)}"
        )
    if len(set(articles)) != len(articles):
        raise ConfigError("an article is named twice")
    have: dict[str, set[str]] = {a: set((current or {}).get(a, ())) for a in names}
    load = {a: len(have[a]) for a in names}
    order = {a: i for i, a in enumerate(names)}
    for article in articles:
        already = [a for a in names if article in have[a]]
        free = sorted(
            (a for a in names if article not in have[a]), key=lambda a: (load[a], order[a])
        )
        for annotator in free[: max(0, per_task - len(already))]:
            have[annotator].add(article)
            load[annotator] += 1
    rank = {article: i for i, article in enumerate(articles)}
    return {a: sorted(have[a], key=lambda art: (rank.get(art, len(rank)), art)) for a in names}
