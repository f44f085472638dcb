"""Planning who annotates what: each article gets N different annotators, loads are even."""

from __future__ import annotations

from collections import Counter

import pytest

from workbench.assignment import plan_assignment
from workbench.errors import ConfigError


def _coverage(plan: dict[str, list[str]]) -> Counter[str]:
    return Counter(article for articles in plan.values() for article in articles)


@pytest.mark.parametrize(
    ("n_articles", "annotators", "per_task"),
    [(4, 3, 2), (10, 3, 3), (7, 5, 2), (1, 4, 1), (25, 4, 3), (0, 2, 1)],
)
def test_each_article_gets_n_different_annotators_and_loads_differ_by_at_most_one(
    n_articles: int, annotators: int, per_task: int
) -> None:
    articles = [f"a{i}" for i in range(n_articles)]
    names = [f"u{i}@news.test" for i in range(annotators)]
    plan = plan_assignment(articles, names, per_task)
    assert set(plan) == set(names)
    assert all(len(set(arts)) == len(arts) for arts in plan.values())  # never twice to one
    assert _coverage(plan) == Counter({a: per_task for a in articles})
    loads = [len(arts) for arts in plan.values()]
    assert max(loads) - min(loads) <= 1
    assert sum(loads) == n_articles * per_task


def test_four_articles_three_annotators_two_each() -> None:
    plan = plan_assignment(["w", "x", "y", "z"], ["a", "b", "c"], 2)
    assert plan == {"a": ["w", "x", "z"], "b": ["w", "y", "z"], "c": ["x", "y"]}


def test_running_again_keeps_earlier_work_and_spreads_only_the_new_articles() -> None:
    first = plan_assignment(["w", "x"], ["a", "b", "c"], 2)
    again = plan_assignment(["w", "x", "y", "z"], ["a", "b", "c"], 2, first)
    for name, articles in first.items():
        assert set(articles) <= set(again[name])
    assert _coverage(again) == Counter({"w": 2, "x": 2, "y": 2, "z": 2})
    loads = sorted(len(v) for v in again.values())
    assert loads[-1] - loads[0] <= 1
    assert plan_assignment(["w", "x", "y", "z"], ["a", "b", "c"], 2, again) == again


def test_a_new_annotator_takes_the_new_work() -> None:
    first = plan_assignment(["w", "x", "y"], ["a", "b"], 1)
    again = plan_assignment(["w", "x", "y", "z", "v"], ["a", "b", "c"], 1, first)
    assert first == {"a": ["w", "y"], "b": ["x"]}
    assert again == {"a": ["w", "y"], "b": ["x", "v"], "c": ["z"]}


@pytest.mark.parametrize(
    ("annotators", "per_task", "articles", "message"),
    [
        (["a", "b"], 3, ["x"], "needs at least 3 annotators"),
        ([], 1, ["x"], "at least one annotator"),
        (["a", "A"], 1, ["x"], "named twice"),
        (["a"], 0, ["x"], "at least 1"),
        (["a"], 1, ["x", "x"], "article is named twice"),
    ],
)
def test_impossible_requests_are_refused_in_one_line(
    annotators: list[str], per_task: int, articles: list[str], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        plan_assignment(articles, annotators, per_task)
