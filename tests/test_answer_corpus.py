"""The bundled Assen corpus end to end with a fake embedder: ingest -> index -> ask / check.

Marked slow (whole corpus); the fake embedder keeps it to seconds and offline, so the
answers here rest on the BM25 half of the hybrid search and on app/evidence.py.
"""

from __future__ import annotations

import re

import pytest
from conftest import CORPUS

from app import texts
from app.answer import Answerer
from app.claims import ClaimChecker

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus_searcher(tmp_path_factory):
    from index.build import index_paths
    from index.searcher import open_searcher

    home = tmp_path_factory.mktemp("corpus-home")
    index_paths([CORPUS], home, embedder="fake", progress=False)
    return open_searcher(home, embedder="fake")


def test_number_question_cites_the_passage_that_holds_the_number(corpus_searcher):
    a = Answerer(corpus_searcher).ask(
        "Welke rente gebruikt de begroting 2026 voor het aantrekken van nieuwe langlopende leningen?")
    assert not a.refused
    assert "2,50%" in a.text
    cited = {c.n: c for c in a.citations}
    sentence = next(s for s in re.split(r"(?<=\])\s+", a.text) if "2,50%" in s)
    n = int(re.findall(r"\[(\d+)\]", sentence)[0])
    assert "2,50%" in cited[n].chunk.text and cited[n].chunk.doc == "programmabegroting-2026.txt"
    assert all(part in cited[n].chunk.text for part in cited[n].quote.split(" … "))


def test_budget_table_row_is_read_with_its_year_column(corpus_searcher):
    a = Answerer(corpus_searcher).ask(
        "Wat is de vrij besteedbare ruimte in de algemene reserve in 2026 volgens de tabel "
        "'Vrij besteedbare ruimte in reserves'?")
    assert "Algemene reserve, begroting 2026: 45.150 (bedragen x € 1.000)" in a.text


@pytest.mark.parametrize("question", [
    "Hoeveel hondenbelasting moet ik in 2026 betalen voor één hond?",
    "Wat zijn de openingstijden van het milieupark?",
])
def test_questions_the_documents_do_not_answer_are_refused(corpus_searcher, question):
    a = Answerer(corpus_searcher).ask(question)
    assert a.refused and a.text == texts.REFUSAL and a.suggestions


def test_claim_with_a_changed_percentage_is_refuted_with_the_source_value(corpus_searcher):
    v = ClaimChecker(corpus_searcher).check(
        "De OZB-tarieven in Assen stijgen per 1 januari 2026 met 10 procent.")
    assert v.verdict == "refuted"
    assert "4,2%" in v.explanation and "10 procent" in v.explanation
    # cited under the chapter the framework line sits in, not the chapter before it
    assert v.evidence[0].chunk.section[0].endswith("2. Financieel beleid")
