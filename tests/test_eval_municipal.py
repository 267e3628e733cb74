"""The municipal development set on its real PDFs (lexical side only, fake embedder): every
quote is located in the ingested text, and the gold page of every quote is a page a chunk
holding it is cited on, so page scoring measures the answers, not the scorer."""

from __future__ import annotations

import pytest
from conftest import SHARED, require_shared

from eval.dataset import load_eval_set
from eval.gold import page_matches
from eval.harness import evaluate
from eval.metrics import collapse

MUN_SET = SHARED / "eval" / "dev_municipalities.jsonl"
MUN_PDFS = SHARED / "fixtures" / "municipalities"


@pytest.mark.slow
def test_municipal_quotes_located_and_gold_pages_reachable(_isolated_home):
    from index.build import index_paths
    from index.searcher import open_searcher
    from ingest.store import ChunkStore

    items = load_eval_set(require_shared(MUN_SET))
    index_paths([require_shared(MUN_PDFS)], _isolated_home, embedder="fake", progress=False)
    store = ChunkStore(_isolated_home / "store")
    r = evaluate(items, {"faiss": open_searcher(_isolated_home)}, modes=("bm25",),
                 answers=False, store=store)
    assert not [n for n in r.notes if "not found" in n], r.notes
    run = r.run("faiss", "bm25")
    assert run.scores["n"] == 101 and run.scores["n_skipped"] == 18
    assert set(run.by_doc) == {it.doc_group for it in items}
    chunks = {d.doc: store.chunks(d.doc) for d in store.documents()}
    held = 0
    for it in items:
        for e in it.all_evidence:
            holders = [c for c in chunks[e.doc] if collapse(e.quote) in collapse(c.text)]
            held += bool(holders)
            assert not holders or any(
                page_matches(c.page.start, c.page.end, c.page.label, e.page, e.page_label)
                for c in holders), (it.id, e.quote)
    # measured: every one of the 130 quotes sits inside one chunk on the gold page
    assert held >= 0.95 * sum(len(it.all_evidence) for it in items)
