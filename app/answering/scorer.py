"""The one fitted scorer: logistic regression over the general features.

Its weights live in a small versioned file (data/models/answer_scorer.json) with the
command and the data that made it; `eval/fit.py` writes it. At run time scoring is a dot
product in numpy (scikit-learn is needed only to fit). Thresholds for refusing and for
adding a second sentence are fitted with it and stored beside the weights.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from app.answering.features import NAMES

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "models" / "answer_scorer.json"


class ScorerMissing(RuntimeError):
    """The weights file is absent or does not fit the feature list of this code."""


@dataclass(frozen=True)
class Scorer:
    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    thresholds: dict = field(default_factory=dict)  # 'refuse', 'add', 'claim_relevant', ...
    meta: dict = field(default_factory=dict)

    def proba(self, rows: list[list[float]]) -> np.ndarray:
        if not rows:
            return np.zeros(0)
        x = (np.asarray(rows, dtype=np.float64) - self.mean) / self.scale
        z = x @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def threshold(self, name: str, default: float) -> float:
        return float(self.thresholds.get(name, default))

    def with_thresholds(self, **values: float) -> Scorer:
        return Scorer(self.names, self.mean, self.scale, self.coef, self.intercept,
                      {**self.thresholds, **values}, self.meta)

    def to_dict(self) -> dict:
        return {
            "format": 1,
            "features": list(self.names),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "coef": [round(float(v), 6) for v in self.coef],
            "intercept": round(float(self.intercept), 6),
            "thresholds": {k: round(float(v), 4) for k, v in sorted(self.thresholds.items())},
            "meta": self.meta,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Scorer:
        names = tuple(d["features"])
        if names != NAMES:
            raise ScorerMissing(
                f"answer scorer was fitted on features {list(names)}, this code computes "
                f"{list(NAMES)}: refit it with 'python -m eval.fit' (see DEVELOPERS.md)")
        return cls(names, np.asarray(d["mean"]), np.asarray(d["scale"]), np.asarray(d["coef"]),
                   float(d["intercept"]), dict(d.get("thresholds", {})), dict(d.get("meta", {})))

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")


def load(path: Path = DEFAULT_PATH) -> Scorer:
    try:
        return Scorer.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError as e:
        raise ScorerMissing(f"answer scorer weights not found at {path}: "
                            "refit them with 'python -m eval.fit'") from e


def fit(rows: list[list[float]], labels: list[int], *, c: float = 1.0, meta: dict | None = None,
        thresholds: dict | None = None) -> Scorer:
    """Standardise, then L2-regularised logistic regression (scikit-learn, liblinear:
    deterministic for the same rows)."""
    from sklearn.linear_model import LogisticRegression

    x = np.asarray(rows, dtype=np.float64)
    y = np.asarray(labels, dtype=np.int64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    model = LogisticRegression(C=c, solver="liblinear", max_iter=1000)
    model.fit((x - mean) / scale, y)
    return Scorer(NAMES, mean, scale, model.coef_[0].copy(), float(model.intercept_[0]),
                  dict(thresholds or {}), dict(meta or {}))


def logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))
