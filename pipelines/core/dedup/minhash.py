"""MinHash signatures (datasketch) and their LSH band keys, with the parameters chosen by measurement."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from datasketch import MinHash

SIGNATURE_DTYPE = np.dtype("<u4")  # datasketch's hash values fit in 32 bits: stored as 4 little-endian bytes


@dataclass(frozen=True)
class Params:
    """How articles are compared. See the README ("Near-duplicates") for the measurement behind the defaults."""

    shingle_words: int = 4     # words per shingle
    num_perm: int = 128        # hash functions per signature: the estimate's standard error is about 0.04
    threshold: float = 0.4     # estimated Jaccard similarity from which two articles are near-duplicates
    seed: int = 20_160_101     # fixed: signatures stored by one run are compared with the next run's
    min_shingles: int = 20     # shorter bodies (under about 23 words) are too short to tell a copy from a cliché

    @cached_property
    def bands(self) -> tuple[int, int]:
        """(bands, rows per band) that datasketch's MinHashLSH picks for this threshold and num_perm."""
        from datasketch import MinHashLSH  # imports scipy: only when band keys are needed

        lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
        return lsh.b, lsh.r


PARAMS = Params()


_BATCH = 8192  # shingles hashed at a time: update_batch builds a (shingles x num_perm) uint64 matrix


def signatures(shingle_sets: Sequence[set[bytes]], params: Params = PARAMS) -> np.ndarray:
    """One MinHash signature per shingle set, as a (n, num_perm) uint32 array.

    Linear in the shingles, in batches: one update_batch over a 30 MB body's shingles would hold a
    shingles x num_perm matrix (gigabytes); batches keep it at _BATCH x num_perm, and the minimum is the same.
    """
    out = np.empty((len(shingle_sets), params.num_perm), dtype=SIGNATURE_DTYPE)
    template = MinHash(num_perm=params.num_perm, seed=params.seed)  # the permutations are computed once
    for i, found in enumerate(shingle_sets):
        m = template.copy()
        items = list(found)
        for start in range(0, len(items), _BATCH):
            m.update_batch(items[start:start + _BATCH])
        out[i] = m.hashvalues
    return out


def streamed_signature(stream: Iterable[bytes], params: Params = PARAMS) -> tuple[np.ndarray, int]:
    """(signature, distinct shingles) of shingles given one by one, repeats included: the signature equals
    signatures() of their set (a minimum ignores repeats); the count is of distinct 32-bit shingle hashes
    (datasketch's own hash, each computed once), so memory is 4 bytes a shingle instead of its text."""
    from datasketch.hashfunc import sha1_hash32

    seen: list[int] = []

    def recording(shingle: bytes) -> int:
        value = sha1_hash32(shingle)
        seen.append(value)
        return value

    m = MinHash(num_perm=params.num_perm, seed=params.seed, hashfunc=recording)
    hashes: list[np.ndarray] = []
    batch: list[bytes] = []
    for shingle in stream:
        batch.append(shingle)
        if len(batch) == _BATCH:
            m.update_batch(batch)
            hashes.append(np.array(seen, dtype=np.uint32))
            batch, seen[:] = [], []
    if batch:
        m.update_batch(batch)
        hashes.append(np.array(seen, dtype=np.uint32))
    distinct = len(np.unique(np.concatenate(hashes))) if hashes else 0
    return m.hashvalues.astype(SIGNATURE_DTYPE), distinct


def to_blobs(sigs: np.ndarray) -> list[bytes]:
    """Signatures as bytes, one per row (num_perm × 4 bytes, little-endian)."""
    sigs = np.ascontiguousarray(sigs, dtype=SIGNATURE_DTYPE)
    return [row.tobytes() for row in sigs]


def from_blobs(blobs: Sequence[bytes] | bytes, params: Params = PARAMS) -> np.ndarray:
    """Signatures back from their bytes: a sequence of blobs, or one buffer of them end to end."""
    data = blobs if isinstance(blobs, (bytes, bytearray, memoryview)) else b"".join(blobs)
    sigs = np.frombuffer(data, dtype=SIGNATURE_DTYPE)
    if sigs.size % params.num_perm:
        raise ValueError(f"signature bytes are not a multiple of {params.num_perm} hash values")
    return sigs.reshape(-1, params.num_perm)


# odd 64-bit multipliers (fixed, so keys from different runs agree): band values combined into one key
_MIX = np.random.default_rng(0x5EED).integers(1, 2**63, size=512, dtype=np.uint64) | np.uint64(1)


def band_keys(sigs: np.ndarray, params: Params = PARAMS) -> np.ndarray:
    """(n, bands) uint64 keys: two signatures share a key exactly when one band of theirs is equal (up to a
    64-bit hash collision, which only adds a candidate that the Jaccard estimate then rejects)."""
    b, r = params.bands
    keys = np.empty((len(sigs), b), dtype=np.uint64)
    # band by band: a copy of the whole signature matrix in 64 bits is 1 KB an article (100 MB at 100,000)
    with np.errstate(over="ignore"):  # wrapping multiplication is the point
        for band in range(b):
            rows = sigs[:, band * r:(band + 1) * r].astype(np.uint64)
            keys[:, band] = (rows * _MIX[:r]).sum(axis=1, dtype=np.uint64) ^ np.uint64(band)
    return keys


def jaccard(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of signature rows a[i] and b[i]: the share of equal hash values."""
    return (a == b).mean(axis=-1)
