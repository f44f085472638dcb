"""Agreement among annotators on spans: pure functions, plain data in and out.

``compute_agreement(docs)`` gives every measure as one JSON-ready dict (documented in
docs/agreement.md); ``format_report`` renders it for people; ``load_jsonl`` reads the
one-line-per-annotator-and-document input format.
"""

from workbench.agreement.jsonl import load_jsonl
from workbench.agreement.model import AnnotatedDoc, Span
from workbench.agreement.report import KEYS, compute_agreement
from workbench.agreement.text import format_report

__all__ = ["KEYS", "AnnotatedDoc", "Span", "compute_agreement", "format_report", "load_jsonl"]
