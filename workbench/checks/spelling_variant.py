"""spelling_variant: one name written two ways in the same article.

Sub-kinds: ``dots`` (one letter's dots differ: السفافية / السفافنة, الشغفة / الشعفة) and
``long_vowel`` (a long vowel و or ي dropped: الديموقراطية / الديمقراطية), both ``warning``;
``article`` (the definite article comes and goes in a two-word name: الباغور تحتاني /
الباغور التحتاني), ``info``.

Arabic morphology makes many real words differ by one letter's dots (أكبر / أكثر) or one
long vowel (جانب / جوانب), so a pair is reported only with name-like evidence: the two
forms share a neighbouring word, or both stand where names stand (after بلدة، قرية، الشيخ …
or in a و-list after one of them). Inflections and clitics are not variants: stems are
compared after the article and the conjunction in front of it are taken off.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import compress, count
from typing import Any

from workbench.arabic.normalize import NormalizedText
from workbench.checks.base import ArticleInput, Hit
from workbench.checks.registry import register_check

NAME = "spelling_variant"

# The article (and a conjunction or preposition in front of it) at the start of a word, split
# off when at least three letters remain. A bare و or ف is not split off: فوقاني would lose
# its first letter.
# Written after the line break (each word on its own line) rather than after ``^``: the regex
# engine then jumps from line break to line break.
_PREFIX_RE = re.compile(r"\n[وف]?(?:بال|كال|لل|ال)(?=[\u0621-\u064a]{3})")
_LETTERS_RE = re.compile(r"[\u0621-\u064a]+")
_BREAKS = frozenset(".،,؛:!?؟\n")

#: Letters that share one skeleton and differ only in their dots (ب ت ث ن ي in the middle
#: of a word, ج ح خ, د ذ, ر ز, س ش, ص ض, ط ظ, ع غ, ف ق).
_SKELETON = str.maketrans(
    {
        "ت": "ب", "ث": "ب", "ن": "ب", "ي": "ب", "ى": "ب",
        "ج": "ح", "خ": "ح", "ذ": "د", "ز": "ر", "ش": "س", "ض": "ص",
        "ظ": "ط", "غ": "ع", "ق": "ف", "ة": "ه",
    }
)  # fmt: skip
#: Long vowels whose dropping makes a variant. ا is left out: dropping it makes another
#: word as often as not (مصادر / مصدر, معارضة / معرضة).
_LONG_VOWELS = "وي"


def _byte_table(table: dict[int, str]) -> bytes:
    """``table`` for bytes in the Windows-1256 code page, one byte per Arabic letter:
    ``bytes.translate`` is several times faster than ``str.translate`` on Arabic."""
    out = bytearray(range(256))
    for key, value in table.items():
        out[chr(key).encode(_CODEC)[0]] = value.encode(_CODEC)[0]
    return bytes(out)


_CODEC = "cp1256"
#: (table, deleted bytes) computing the grouping keys: the skeleton, and the stem without و ي.
_SKELETON_KEY = (_byte_table(_SKELETON), b"")
_NO_LONG_VOWELS_KEY = (bytes(range(256)), _LONG_VOWELS.encode(_CODEC))
#: Letters that begin an imperfect verb (ستكون / سيكون), after و ف س ل or لا.
_VERB_PREFIXES = frozenset("يتن")
_VERB_LEAD = frozenset("وفسلا")
#: Attached pronouns: ابنه / أبيه are two words, not one name.
_PRONOUN_ENDINGS = frozenset(["ه", "ها", "هم", "هما", "هن", "ك", "كم", "كما", "نا"])

#: Words after which a name stands (in the matching view): a place, a person's title, an
#: organisation. A name in a و-list after one of them counts too.
_NAME_TRIGGERS = frozenset(
    """
    قرية قرى قريتي بلدة بلدات بلدتي مدينة مدن مدينتي منطقة مناطق حي احياء مخيم مخيمات
    محافظة محافظات ولاية ريف جبل وادي نهر سهل شارع ساحة ميدان مطار ميناء جزيرة اقليم
    قضاء ناحية عاصمة معبر حقل سد قلعة مسجد جامع
    السيد السيدة الشيخ الرئيس الامير الملك الوزير الدكتور اللواء العقيد العميد المهندس
    الاستاذ الكاتب الفنان اللاعب المدرب الزميل المواطن الشاعر
    شركة مؤسسة جمعية حزب حركة جبهة تنظيم قوات صحيفة وكالة قناة مستشفى جامعة نادي فريق
    مطاعم مجموعة
    """.split()  # noqa: SIM905
)
#: Neighbours that say nothing about a name: sharing them is no evidence.
_FUNCTION_WORDS = frozenset(
    """
    في من على الى عن مع او ثم التي الذي الذين اللذين ان انه بين بعد قبل حتى هذا هذه ذلك
    تلك كل قال قالت كما قد وقد لا ما لم لن تم وفي ومن وعلى وان كان كانت يوم عام خلال
    """.split()  # noqa: SIM905
)
#: Frequent words that differ from another frequent word by one letter's dots or one
#: long vowel; never reported (stems, article removed, matching view).
COMMON_WORDS: tuple[str, ...] = tuple(
    """
    اكبر اكثر كبير كثير كبيرة كثيرة كبيرا كثيرا كبار كثار يريد يزيد تريد تزيد نريد نزيد
    مغلقة معلقة مغلق معلق ساحر ساخر تليها تلتها اثناء ابناء جيوب جنوب بنية بيية
    صبغة صيغة غداء غذاء يطل يظل مطلي مظلي
    """.split()  # noqa: SIM905
)
_NAME_LIST_GAP = 2  # words not joined by و allowed between a list item and the next


@dataclass
class _Form:
    """One spelling (stem without the article) and where it occurs."""

    stem: str
    ranges: list[tuple[int, int]] = field(default_factory=list)  # view offsets, shown part
    positions: list[int] = field(default_factory=list)  # word numbers


class _Words:
    """The words of the view as parallel lists (cheaper than one object per word).

    Prefixes and stems are read at once; offsets only when a candidate needs them."""

    def __init__(self, view: NormalizedText) -> None:
        self.view = view
        self.raws: list[str] = _LETTERS_RE.findall(view.text)
        # One pass of the prefix pattern over all words at once (one word per line).
        joined = _PREFIX_RE.sub("\n", "\n" + "\n".join(self.raws)) if self.raws else ""
        self.stems: list[str] = joined.split("\n")[1:] if self.raws else []
        self._prefixes: list[str] = []
        self._spans: list[tuple[int, int]] = []

    @property
    def prefixes(self) -> list[str]:
        if not self._prefixes and self.raws:
            self._prefixes = [
                r[: len(r) - len(s)] for r, s in zip(self.raws, self.stems, strict=True)
            ]
        return self._prefixes

    def _locate(self) -> None:
        if self._spans or not self.stems:
            return
        self._spans = [m.span() for m in _LETTERS_RE.finditer(self.view.text)]

    def start(self, n: int) -> int:
        """Shown start of word ``n``: the article kept, a و/ب/ل in front of it left out."""
        self._locate()
        keep = self.prefixes[n].rfind("ال")
        return self._spans[n][0] + max(keep, 0)

    def end(self, n: int) -> int:
        self._locate()
        return self._spans[n][1]

    def raw(self, n: int) -> str:
        return self.raws[n]

    def gap(self, n: int) -> str:
        """The text between word ``n - 1`` and word ``n``."""
        self._locate()
        return self.view.text[self._spans[n - 1][1] : self._spans[n][0]]


def _differ_by_dots(a: str, b: str) -> int | None:
    """The one interior position where ``a`` and ``b`` differ only in dots, or None."""
    if len(a) != len(b) or a.translate(_SKELETON) != b.translate(_SKELETON):
        return None
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diff) != 1 or not 0 < diff[0] < len(a) - 1:
        return None
    pos = diff[0]
    if pos <= 2 and {a[pos], b[pos]} <= _VERB_PREFIXES and set(a[:pos]) <= _VERB_LEAD:
        return None
    if a[pos + 1 :] in _PRONOUN_ENDINGS:
        return None
    return pos


def _same_key(stems: list[str], key: tuple[bytes, bytes]) -> list[list[str]]:
    """Groups of two or more stems that ``key`` maps to the same bytes."""
    if len(stems) < 2:
        return []
    keys = "\n".join(stems).encode(_CODEC, "replace").translate(*key).split(b"\n")
    counts = Counter(keys)
    if len(counts) == len(keys):
        return []
    groups: dict[bytes, list[str]] = defaultdict(list)
    for stem, key in zip(stems, keys, strict=True):
        if counts[key] > 1:
            groups[key].append(stem)
    return list(groups.values())


def _pairs(forms: set[str], min_len: int, long_min: int) -> Iterator[tuple[str, str, str, str]]:
    """(form a, form b, kind, what differs) for candidate variant pairs."""
    long_enough = _at_least(forms, min_len)
    for stems in _same_key(long_enough, _SKELETON_KEY):
        for n, b in enumerate(stems):
            for a in stems[:n]:
                pos = _differ_by_dots(a, b)
                if pos is not None:
                    yield a, b, "dots", f"{a[pos]}/{b[pos]}"
    # Candidates share a key with every و and ي removed.
    longer = _at_least(long_enough, long_min)
    for group in _same_key(longer, _NO_LONG_VOWELS_KEY):
        yield from _long_vowel_pairs(group)


def _at_least(stems: Iterable[str], n: int) -> list[str]:
    """The stems of ``n`` letters or more, in their order."""
    stems = list(stems)
    return list(compress(stems, map(n.__le__, map(len, stems))))


def _long_vowel_pairs(group: list[str]) -> Iterator[tuple[str, str, str, str]]:
    forms = set(group)
    for stem in group:
        # Not in the ending: دولية / دولة and تنموية / تنمية are a nisba, not a variant.
        last = len(stem) - (4 if stem.endswith(("ية", "يه")) else 3)
        for i in range(1, last + 1):
            if stem[i] not in _LONG_VOWELS or stem[i - 1] in _LONG_VOWELS:
                continue
            # فواعل plurals (جوانب / جانب) and nisba plurals (مبارياته / مباراته).
            if stem[i + 1] == "ا" and (stem[i] == "و" or stem[i + 2 : i + 3] == "ت"):
                continue
            # تفعيل verbal nouns: تغيير / تغير, توجيهات / توجهات.
            if i in (2, 3) and stem[0] == "ت" and stem[i] == "ي":
                continue
            short = stem[:i] + stem[i + 1 :]
            if short in forms:
                yield stem, short, "long_vowel", stem[i]


def _neighbours(words: _Words, form: _Form) -> set[tuple[int, str]]:
    out: set[tuple[int, str]] = set()
    for n in form.positions:
        for side in (-1, 1):
            k = n + side
            if 0 <= k < len(words.stems) and not _BREAKS & set(words.gap(max(n, k))):
                stem = words.stems[k]
                if len(stem) >= 3 and stem not in _FUNCTION_WORDS:
                    out.add((side, stem))
    return out


def _is_trigger(words: _Words, n: int) -> bool:
    raw = words.raw(n)
    return (
        words.stems[n] in _NAME_TRIGGERS
        or raw in _NAME_TRIGGERS
        or (raw.startswith("و") and raw[1:] in _NAME_TRIGGERS)
    )


def _in_name_position(words: _Words, n: int) -> bool:
    """The word at ``n`` follows a name trigger, directly or through a و-joined list."""
    gap = 0
    k = n
    while k > 0 and gap <= _NAME_LIST_GAP:
        if _BREAKS & set(words.gap(k)):
            return False
        k -= 1
        if _is_trigger(words, k):
            return True
        gap = 0 if words.raw(k + 1).startswith("و") else gap + 1
    return False


def _name_evidence(words: _Words, a: _Form, b: _Form) -> bool:
    """The two forms share a neighbouring word (قوات سوريا الديموقراطية / الديمقراطية), or
    both stand where names stand (بلدة الشعفة, and الشغفة in a list after قرى وبلدات)."""
    if _neighbours(words, a) & _neighbours(words, b):
        return True
    return all(any(_in_name_position(words, n) for n in f.positions) for f in (a, b))


def _is_common(stem: str, common: frozenset[str]) -> bool:
    return stem in common or (stem[:1] in "وفبل" and stem[1:] in common)


def _hamza_fold(article: ArticleInput, words: _Words, a: _Form, b: _Form) -> bool:
    """The differing letter is a hamza on a seat (ئ) in the stored text: السائق / السابق
    differ by more than dots."""
    pos = next(i for i, (x, y) in enumerate(zip(a.stem, b.stem, strict=True)) if x != y)
    for form in (a, b):
        n = form.positions[0]
        at = words.end(n) - len(form.stem) + pos
        if article.text[words.view.index[at]] in "ئؤ":
            return True
    return False


def _stored(words: _Words, form: _Form) -> _Form:
    """The form with the stored ranges of its occurrences (the whole name for a pair)."""
    view = words.view
    ranges = form.ranges or [(words.start(n), words.end(n)) for n in form.positions]
    return _Form(form.stem, [view.to_stored(s, e) for s, e in ranges], form.positions)


def _primary(a: _Form, b: _Form) -> tuple[_Form, _Form]:
    """The form to point at: the rarer one; on a tie, the one that appears second."""
    if len(a.ranges) != len(b.ranges):
        return (a, b) if len(a.ranges) < len(b.ranges) else (b, a)
    return (a, b) if a.ranges[0] > b.ranges[0] else (b, a)


def _hit(article: ArticleInput, odd: _Form, usual: _Form, kind: str, what: str) -> Hit:
    first = odd.ranges[0]
    related = sorted(r for r in [*odd.ranges, *usual.ranges] if r != first)
    shown_odd = article.text[first[0] : first[1]]
    r0 = usual.ranges[0]
    shown_usual = article.text[r0[0] : r0[1]]
    how = {
        "dots": f"one letter's dots differ ({what})",
        "long_vowel": f"a long vowel ({what}) is dropped",
        "article": "the definite article comes and goes",
    }[kind]
    return Hit(
        first[0],
        first[1],
        "info" if kind == "article" else "warning",
        f"“{shown_odd}” ({len(odd.ranges)}×) and “{shown_usual}” ({len(usual.ranges)}×) look "
        f"like one name or word written two ways: {how}.",
        related=related,
        evidence={
            "kind": kind,
            "forms": [shown_odd, shown_usual],
            "counts": [len(odd.ranges), len(usual.ranges)],
        },
    )


def _hits(article: ArticleInput, config: Mapping[str, Any]) -> Iterator[Hit]:
    view = article.normalized
    min_len = int(config.get("min_length", 4))
    long_min = int(config.get("min_length_long_vowel", 6))
    common = frozenset(config.get("common_words", COMMON_WORDS))
    words = _Words(view)
    positions: dict[str, list[int]] = {}
    # One finding per variant pair, whatever preposition is attached (لمليشيات / لميليشيات
    # and مليشيات / الميليشيات are one pair): keyed by the forms without و ف ب ل in front.
    found: dict[frozenset[str], tuple[str, str, list[str]]] = {}
    hamza = "ئ" in article.text or "ؤ" in article.text
    candidates = [
        pair
        for pair in _pairs(set(words.stems), min_len, long_min)
        if not (_is_common(pair[0], common) or _is_common(pair[1], common))
    ]
    if candidates:
        # Where the candidates' stems occur (also with و ف ب ل in front, for the finding).
        bare = {_bare(x) for a, b, _, _ in candidates for x in (a, b)}
        wanted = {a for pair in candidates for a in pair[:2]}
        wanted |= {c + k for k in bare for c in ("", *"وفبل")}
        positions = defaultdict(list)
        stems = words.stems
        for n in compress(count(), map(wanted.__contains__, stems)):
            positions[stems[n]].append(n)
    for a, b, kind, what in candidates:
        fa, fb = _Form(a, positions=positions[a]), _Form(b, positions=positions[b])
        if kind == "dots" and hamza and _hamza_fold(article, words, fa, fb):
            continue
        if not _name_evidence(words, fa, fb):
            continue
        ka, kb = _bare(a), _bare(b)
        found.setdefault(frozenset((ka, kb)), (kind, what, [ka, kb]))
    for kind, what, keys in found.values():
        fa, fb = (
            _Form(k, positions=sorted(n for c in ("", *"وفبل") for n in positions.get(c + k, ())))
            for k in keys
        )
        odd, usual = _primary(_stored(words, fa), _stored(words, fb))
        if kind == "dots" and odd.stem != keys[0]:
            # The differing letters in the order the message names the forms.
            what = "/".join(reversed(what.split("/")))
        yield _hit(article, odd, usual, kind, what)
    yield from _article_variants(article, words, min_len)


def _bare(stem: str) -> str:
    """A stem without a preposition or conjunction in front (لمليشيات → مليشيات)."""
    return stem[1:] if stem[:1] in "وفبل" and len(stem) > 4 else stem


def _prefix(raw: str, stem: str) -> str:
    return raw[: len(raw) - len(stem)]


def _article_variants(article: ArticleInput, words: _Words, min_len: int) -> Iterator[Hit]:
    """A definite name followed by a word with and without the article: الباغور تحتاني /
    الباغور التحتاني. (A definite noun takes no indefinite adjective, so the article-less
    form is a name's local spelling or a slip.) Both forms must stand where names stand:
    ولي العهد نائب رئيس … is grammar, not a name."""
    raws, stems = words.raws, words.stems
    # Words written both with the article and without it somewhere in the article.
    raw_set = set(raws)
    # Words of min_len letters or more after the article (one regex pass over the words).
    after_article = re.compile(f"^ال([^\\n]{{{min_len},}})$", re.M)
    both = set(after_article.findall("\n".join(raw_set))) & raw_set
    if not both:
        return
    wanted = both | {"ال" + w for w in both}
    pairs: dict[tuple[str, str, bool], list[int]] = {}
    for n in list(compress(count(), map(wanted.__contains__, raws))):
        if n == 0 or not _prefix(raws[n - 1], stems[n - 1]).endswith("ال"):
            continue
        r = raws[n]
        bare = r if r in both else r[2:]
        pairs.setdefault((stems[n - 1], bare, bare != r), []).append(n)
    for (w1, w2, definite), with_article in pairs.items():
        if not definite or (w1, w2, False) not in pairs:
            continue
        found = []
        for ns in (pairs[(w1, w2, False)], with_article):
            # Only two words next to each other, nothing but a space between them.
            ns = [n for n in ns if not words.gap(n).strip()]
            ranges = [(words.start(n - 1), words.end(n)) for n in ns]
            found.append(_Form(w2, ranges, ns))
        # As for letter variants: both forms must stand where names stand.
        in_place = all(any(_in_name_position(words, n - 1) for n in f.positions) for f in found)
        if in_place and all(f.ranges for f in found):
            odd, usual = _primary(_stored(words, found[0]), _stored(words, found[1]))
            yield _hit(article, odd, usual, "article", "")


@register_check(
    NAME,
    "1",
    description="One name written two ways in the same article (a letter's dots, a long "
    "vowel dropped, the definite article coming and going).",
    defaults={
        "min_length": 4,
        "min_length_long_vowel": 6,
        "common_words": list(COMMON_WORDS),
    },
)
def spelling_variant(article: ArticleInput, config: Mapping[str, Any]) -> Iterable[Hit]:
    return list(_hits(article, config))
