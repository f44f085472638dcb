"""The labelling config and the guidelines: validated with the SDK's ``LabelInterface``."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from label_studio_sdk.label_interface import LabelInterface

from workbench.labelstudio import convert, sync
from workbench.samples import sample_article_path


@pytest.fixture(scope="module")
def interface() -> LabelInterface:
    return LabelInterface(sync.label_config())


def test_controls_labels_and_choices(interface: LabelInterface) -> None:
    controls = {c.name: c for c in interface.controls}
    assert set(controls) == {"label", "verdict", "note"}
    assert controls["label"].labels == list(convert.LABELS)
    assert controls["verdict"].labels == list(convert.VERDICTS)
    assert controls["verdict"].attr["perRegion"] == controls["note"].attr["perRegion"] == "true"
    assert {o.name for o in interface.objects} == {"text"}


def test_labels_have_distinct_colours_and_hotkeys() -> None:
    root = ET.fromstring(sync.label_config())
    labels = root.findall(".//Labels/Label")
    assert len({lab.get("background") for lab in labels}) == len(labels) == 4
    hotkeys = [el.get("hotkey") for el in root.iter() if el.get("hotkey")]
    assert len(set(hotkeys)) == len(hotkeys) == 8
    assert "u" not in hotkeys  # Label Studio's own key: unselect region
    assert [r.get("value") for r in root.findall(".//Relations/Relation")] == list(
        convert.RELATIONS
    )


def test_text_is_rtl_symbol_granularity_without_badges() -> None:
    root = ET.fromstring(sync.label_config())
    (text,) = root.findall(".//Text")
    parent = next(p for p in root.iter() if text in list(p))
    assert "direction: rtl" in parent.get("style", "")
    assert text.get("granularity") is None  # default: symbol
    assert text.get("showLabels") == "false"
    panel = next(v for v in root.iter("View") if v.get("visibleWhen"))
    assert panel.get("visibleWhen") == "region-selected"
    assert {c.get("name") for c in panel if c.get("name")} == {"verdict", "note"}


def test_a_full_annotation_validates_and_unknown_labels_do_not(interface: LabelInterface) -> None:
    where = {"start": 0, "end": 4, "text": "أحرز"}
    good = [
        {
            "id": "a",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {**where, "labels": ["claim"]},
        },
        {
            "id": "a",
            "from_name": "verdict",
            "to_name": "text",
            "type": "choices",
            "value": {**where, "choices": ["misleading"]},
        },
        {
            "id": "a",
            "from_name": "note",
            "to_name": "text",
            "type": "textarea",
            "value": {**where, "text": ["ملاحظة"]},
        },
        {
            "type": "relation",
            "from_id": "a",
            "to_id": "a",
            "direction": "right",
            "labels": ["supports"],
        },
    ]
    assert interface.validate_annotation({"result": good})
    bad = [{**good[0], "value": {**where, "labels": ["rumour"]}}]
    assert not interface.validate_annotation({"result": bad})


def test_guidelines_define_every_label_and_relation_with_sample_quotes() -> None:
    text = sync.guidelines()
    for name in convert.LABELS:
        assert re.search(rf"^### {name} \(key \d\)$", text, re.M), name
    for name in (*convert.RELATIONS, *convert.VERDICTS):
        assert f"`{name}`" in text, name
    sample = sample_article_path().read_text(encoding="utf-8")
    quotes = re.findall(r"«([^»]*)»", text)
    assert len(quotes) > 15
    for quote in quotes:
        for piece in filter(None, (p.strip() for p in quote.split("…"))):
            assert piece in sample, piece


def test_guidelines_render_as_instructions() -> None:
    html = convert.guidelines_html(sync.guidelines())
    assert "<h3>claim (key 2)</h3>" in html and "<table>" in html


def test_every_arabic_example_in_the_guidelines_is_isolated_right_to_left() -> None:
    html = convert.guidelines_html(sync.guidelines())
    isolated = re.findall(r'<bdi dir="rtl">(.*?)</bdi>', html)
    assert len(isolated) > 20
    quote = "«قال المرصد السوري لحقوق الإنسان: “ارتفع عدد الضحايا إلى 388 بينهم 141 طفلًا"
    assert any(q.startswith(quote) and q.endswith("…»") for q in isolated)
    outside = re.sub(r'<bdi dir="rtl">.*?</bdi>', "", html)
    assert not re.search("[\u0600-\u06ff]", outside)  # no Arabic left to the bidi algorithm
    assert html.count('<li dir="rtl" style="text-align: right"><bdi dir="rtl">«') == 7
    # the English around an example is left as it was, and markup inside tags is untouched
    assert convert.isolate_arabic('<p title="x">see «قال» here</p>') == (
        '<p title="x">see <bdi dir="rtl">«قال»</bdi> here</p>'
    )
