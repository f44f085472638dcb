"""The cheap tests that let a check skip an article or a stretch of it never skip one where
the full reading finds something: checked on generated text dense in what the checks look
for, and on the sample article."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.arabic.normalize import normalize
from workbench.checks import numeric_conflict as nc
from workbench.checks import repeated_word as rw
from workbench.checks.base import ArticleInput
from workbench.samples import sample_article_path

#: Words and figures that make numeric conflicts: counts, parts, vague totals, number words.
FIGURE_WORDS = [
    "عدد",
    "أعداد",
    "وعدد",
    "حصيلة",
    "القتلى",
    "الضحايا",
    "قتيلا",
    "شخصًا",
    "طفلًا",
    "نساء",
    "مدنيين",
    "بينهم",
    "منهم",
    "آلاف",
    "وآلاف",
    "عشرات",
    "مئات",
    "الآلاف",
    "نحو",
    "أكثر",
    "من",
    "إلى",
    "في",
    "ثلاثة",
    "وخمسة",
    "عشرون",
    "مائة",
    "ألف",
    "والف",
    "مليون",
    "500",
    "388",
    "٢٠",
    "و8",
    "15",
    "1,168",
    "2015",
    "المئة",
    "%",
    "،",
    ".",
    "\n",
    "متعددة",
]
figure_text = st.lists(st.sampled_from(FIGURE_WORDS), max_size=60).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(figure_text)
def test_numeric_conflict_gate_never_skips_a_conflict(text: str) -> None:
    view = normalize(text)
    for start, end in nc._windows(view.text):
        if nc.window_hits(view, start, end, text):
            assert nc.may_conflict(view, start, end)


def test_numeric_conflict_gate_on_many_seeded_texts() -> None:
    """Thousands of drawn texts, enough that every sub-kind is found many times over."""
    rng = random.Random(12)
    kinds: set[str] = set()
    for _ in range(3000):
        text = " ".join(rng.choices(FIGURE_WORDS, k=rng.randint(5, 60)))
        view = normalize(text)
        for start, end in nc._windows(view.text):
            found = nc.window_hits(view, start, end, text)
            if found:
                assert nc.may_conflict(view, start, end), text
                kinds |= {str(hit.evidence["kind"]) for _, hit in found}
    assert kinds == {"vague_total", "two_values", "parts_exceed_whole"}


@settings(max_examples=300, deadline=None)
@given(st.one_of(figure_text, st.text("عددحصيلةبينهمنهميات الاف\n", max_size=80)))
def test_trigger_spans_are_the_regex_matches(text: str) -> None:
    assert nc.trigger_spans(text) == [m.span() for m in nc._TRIGGER_RE.finditer(text)]


def test_the_sample_conflicts_pass_the_gate() -> None:
    text = sample_article_path().read_text(encoding="utf-8")
    view = normalize(text)
    found = [(s, e) for s, e in nc._windows(view.text) if nc.window_hits(view, s, e, text)]
    assert found
    assert all(nc.may_conflict(view, s, e) for s, e in found)


def test_a_window_without_a_gate_word_is_skipped() -> None:
    view = normalize("قال إن الحكومة المتعددة الأطراف اجتمعت 3 مرات في 2015.")
    windows = list(nc._windows(view.text))
    assert windows
    assert not any(nc.may_conflict(view, s, e) for s, e in windows)


# -- repeated_word ----------------------------------------------------------------------------

DOUBLE_WORDS = ["في", "بلدة", "البلدة", "ال", "", "ة", "لبلدة", "مدينة", "المدينة", "و"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(DOUBLE_WORDS), max_size=40),
    st.sampled_from([(), ("ال",), ("ال", "ل"), ("",)]),
)
def test_repeated_word_candidates_are_every_double(
    words: list[str], clitics: tuple[str, ...]
) -> None:
    expected = [
        i
        for i in range(len(words) - 1)
        if words[i + 1] == words[i] or any(words[i + 1] == c + words[i] for c in clitics)
    ]
    assert rw.candidates(words, clitics) == expected


def test_repeated_word_reads_past_a_tag_list() -> None:
    """A tag list's tail is left out; a double after it, on the next line, is found."""
    text = "قال إنه في في البلدة.\nسمات بلدة بلدة مدينة\nوصل إلى إلى المدينة."
    hits = list(rw.repeated_word(ArticleInput(text), rw.DEFAULTS))
    assert [text[h.start : h.end] for h in hits] == ["في في", "إلى إلى"]


def test_weekday_cores_stand_for_every_weekday_name() -> None:
    from workbench.arabic.calendar_data import WEEKDAYS
    from workbench.checks.weekday_date_mismatch import _WEEKDAY_CORES

    assert set(_WEEKDAY_CORES) <= set(WEEKDAYS)
    for name in WEEKDAYS:
        assert any(core in name for core in _WEEKDAY_CORES)
