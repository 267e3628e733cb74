"""Folds by document: every item in exactly one fold, a document never split, items without
a document spread over all folds, and training sets that never see the held-out document."""

from __future__ import annotations

import pytest
from conftest import DEV_SET, SHARED, require_shared
from hypothesis import given, settings
from hypothesis import strategies as st

from eval.dataset import EvalItem, Evidence, load_eval_sets
from eval.folds import folds, per_fold, training_items

MUN_SET = SHARED / "eval" / "dev_municipalities.jsonl"


def _item(n: int, doc: str | None, also: str | None = None) -> EvalItem:
    ev = () if doc is None else (Evidence(doc, "een citaat van vijf woorden"),)
    if also:
        ev += (Evidence(also, "nog een citaat van vijf woorden"),)
    kind = "fact" if doc else "unanswerable"
    return EvalItem(f"dev-{n:03d}", "resident", kind, f"vraag {n}", "x" if doc else "",
                    ("x",) if doc else (), None, ev, None)


@st.composite
def item_sets(draw):
    docs = draw(st.lists(st.sampled_from("abcdefgh"), min_size=2, max_size=40))
    if len(set(docs)) < 2:
        docs += ["z"]
    loose = draw(st.integers(0, 15))
    items = [_item(i, f"{d}.pdf") for i, d in enumerate(docs)]
    items += [_item(len(docs) + j, None) for j in range(loose)]
    order = draw(st.permutations(range(len(items))))
    return [items[i] for i in order]


@settings(max_examples=60, deadline=None)
@given(items=item_sets(), data=st.data())
def test_each_item_in_exactly_one_fold_and_no_document_split(items, data):
    n_docs = len({it.gold_doc for it in items if it.gold_doc})
    k = data.draw(st.one_of(st.none(), st.integers(2, n_docs)))
    plan = folds(items, k)
    assert len(plan) == (k or n_docs)
    ids = [it.id for _name, held in plan for it in held]
    assert sorted(ids) == sorted(it.id for it in items)  # every item, exactly once
    fold_of_doc: dict[str, str] = {}
    for name, held in plan:
        for it in held:
            if it.gold_doc:
                assert fold_of_doc.setdefault(it.gold_doc, name) == name
                assert it.gold_doc in name.split("+")
    assert len({name for name, _ in plan}) == len(plan)
    assert folds(list(reversed(items)), k) == [(n, h) for n, h in _reorder(plan, items[::-1])]
    loose = [it for it in items if not it.gold_doc]
    if len(loose) >= len(plan):  # spread: every fold holds some
        assert all(any(not it.gold_doc for it in held) for _n, held in plan)


def _reorder(plan, items):
    pos = {it.id: i for i, it in enumerate(items)}
    return [(n, sorted(h, key=lambda it: pos[it.id])) for n, h in plan]


@settings(max_examples=40, deadline=None)
@given(items=item_sets())
def test_training_items_never_see_the_held_out_document(items):
    for _name, held in folds(items):
        out_docs = {it.gold_doc for it in held if it.gold_doc}
        train = training_items(items, held)
        assert not {it.id for it in train} & {it.id for it in held}
        assert all(not {e.doc for e in it.all_evidence} & out_docs for it in train)


def test_a_compare_item_quoting_the_held_out_document_is_left_out_of_training():
    items = [_item(1, "a.pdf"), _item(2, "b.pdf", also="a.pdf"), _item(3, "b.pdf"), _item(4, "c.pdf")]
    held = dict(folds(items))["a.pdf"]
    assert [it.id for it in training_items(items, held)] == ["dev-003", "dev-004"]


def test_per_fold_trains_once_per_fold_without_that_fold():
    items = [_item(i, d) for i, d in enumerate(["a.pdf", "a.pdf", "b.pdf", "c.pdf", None, None, None])]
    calls = []

    def train(train_items):
        calls.append(tuple(it.id for it in train_items))
        return frozenset(it.gold_doc for it in train_items)

    engine_for = per_fold(items, train)
    for it in items + items:
        seen = engine_for(it)
        if it.gold_doc:
            assert it.gold_doc not in seen
    assert len(calls) == 3 and len(set(calls)) == 3
    with pytest.raises(KeyError, match="not in the cross-validated set"):
        engine_for(_item(99, "a.pdf"))


def test_fold_arguments_fail_clearly():
    with pytest.raises(ValueError, match="need at least 2"):
        folds([_item(1, "a.pdf"), _item(2, None)])
    with pytest.raises(ValueError, match="k must be between 2 and"):
        folds([_item(1, "a.pdf"), _item(2, "b.pdf")], k=3)


def test_real_dev_sets_one_fold_per_document():
    items = load_eval_sets([require_shared(DEV_SET), require_shared(MUN_SET)])
    plan = folds(items)
    docs = {it.gold_doc for it in items if it.gold_doc}
    assert {name for name, _ in plan} == docs and len(docs) == 11
    assert sum(len(h) for _n, h in plan) == len(items) == 209
    # unanswerables and not_found claims (29 of them) land in every fold
    assert all(any(not it.answerable for it in held) for _n, held in plan)
