"""Cross-validation by document: which items are held out together, and what may train
the engine that answers them.

A fold is one gold document (or, with k, a few whole documents): an item's document is
never split over two folds. Items without a document (unanswerable questions, not_found
claims) are spread over the folds in the order of a stable hash of their id, round robin,
so every fold holds some of them and the same set always gives the same folds.
This module fits nothing: per_fold() calls the caller's trainer once per fold.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TypeVar

from eval.dataset import EvalItem

T = TypeVar("T")


def _hash(item_id: str) -> str:
    return hashlib.sha256(item_id.encode("utf-8")).hexdigest()


def folds(items: Sequence[EvalItem], k: int | None = None) -> list[tuple[str, list[EvalItem]]]:
    """[(fold name, held-out items)], one fold per gold document, or k folds of whole
    documents (largest documents first into the smallest fold). Every item is in exactly
    one fold; the fold name is its document(s) joined by "+"."""
    by_doc: dict[str, list[EvalItem]] = {}
    loose: list[EvalItem] = []
    for it in items:
        if it.gold_doc:
            by_doc.setdefault(it.gold_doc, []).append(it)
        else:
            loose.append(it)
    if len(by_doc) < 2:
        raise ValueError(
            f"cannot cross-validate by document: the items name {len(by_doc)} document(s), "
            "need at least 2"
        )
    if k is not None and not 2 <= k <= len(by_doc):
        raise ValueError(f"k must be between 2 and the number of documents ({len(by_doc)}), got {k}")
    n = k or len(by_doc)
    groups: list[list[str]] = [[] for _ in range(n)]
    sizes = [0] * n
    for doc in sorted(by_doc, key=lambda d: (-len(by_doc[d]), d)):
        i = min(range(n), key=lambda j: (sizes[j], j))
        groups[i].append(doc)
        sizes[i] += len(by_doc[doc])
    held: list[list[EvalItem]] = [[x for d in g for x in by_doc[d]] for g in groups]
    for j, it in enumerate(sorted(loose, key=lambda x: (_hash(x.id), x.id))):
        held[j % n].append(it)
    order = {it.id: i for i, it in enumerate(items)}
    out = [("+".join(sorted(g)), sorted(h, key=lambda x: order[x.id])) for g, h in zip(groups, held, strict=True)]
    return sorted(out, key=lambda f: f[0])


def training_items(items: Sequence[EvalItem], held_out: Sequence[EvalItem]) -> list[EvalItem]:
    """The items an engine for this fold may learn from: not held out, and quoting none of
    the held-out documents (a compare item across two documents would leak the other)."""
    out_ids = {it.id for it in held_out}
    out_docs = {it.gold_doc for it in held_out if it.gold_doc}
    return [
        it for it in items
        if it.id not in out_ids and not ({e.doc for e in it.all_evidence} & out_docs)
    ]


def per_fold(
    items: Sequence[EvalItem],
    train: Callable[[list[EvalItem]], T],
    k: int | None = None,
    log: Callable[[str], None] | None = None,
) -> Callable[[EvalItem], T]:
    """item -> what train() made from that item's training items (built once per fold,
    on first use). Hand the result to evaluate(answerer_for=...) or (checker_for=...)."""
    fold_of: dict[str, int] = {}
    plan = folds(items, k)
    for i, (_name, held) in enumerate(plan):
        for it in held:
            fold_of[it.id] = i
    made: dict[int, T] = {}

    def for_item(item: EvalItem) -> T:
        i = fold_of.get(item.id)
        if i is None:
            raise KeyError(f"item {item.id} is not in the cross-validated set")
        if i not in made:
            name, held = plan[i]
            train_set = training_items(items, held)
            if log:
                log(f"cross-validation: training for fold {name} on {len(train_set)} items")
            made[i] = train(train_set)
        return made[i]

    return for_item
