"""Candidate pairs from shared LSH bands, kept when their estimated Jaccard reaches the threshold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pipelines.core.dedup.minhash import PARAMS, Params, band_keys, jaccard

SCORE_PAIRS = 1 << 16  # candidate pairs scored at a time (about 75 MB of signature rows)


@dataclass(frozen=True)
class Article:
    """An article as the comparison sees it: its ids and when its document was first ingested."""

    article_id: str
    doc_id: str
    ingested: object  # anything ordered (a timestamp): earlier wins


@dataclass(frozen=True)
class NearDuplicate:
    """Two articles of different documents whose bodies are near-duplicates; canonical is the one to keep."""

    article_id: str
    doc_id: str
    canonical_article_id: str
    canonical_doc_id: str
    jaccard: float


def canonical_order(a: Article) -> tuple:
    """The canonical of a pair is the article ingested first; on a tie (one run), the smaller article_id."""
    return (a.ingested, a.article_id)


def candidate_pairs(new_keys: np.ndarray, old_keys: np.ndarray) -> np.ndarray:
    """(i, j) index pairs, i < j, over the new rows then the old ones, sharing at least one band key and with at
    least one new side (old pairs were found when one of them was new). Sorted, no repeats."""
    n = len(new_keys)
    # only the old rows that share a key with a new one can be in a pair: the grouping below then follows the
    # size of the change, not of the corpus (one vectorised pass over the old keys per band)
    shared = np.zeros(len(old_keys), dtype=bool)
    for band in range(old_keys.shape[1] if len(old_keys) else 0):
        shared |= np.isin(old_keys[:, band], new_keys[:, band])
    kept = np.flatnonzero(shared)
    keys = np.concatenate([new_keys, old_keys[kept]]) if len(kept) else new_keys
    where = np.concatenate([np.arange(n), n + kept])   # row of `keys` -> index over the new rows then the old
    found: list[np.ndarray] = []
    for band in range(keys.shape[1]):
        order = np.argsort(keys[:, band], kind="stable")
        column = keys[order, band]
        starts = np.flatnonzero(np.r_[True, column[1:] != column[:-1]])
        ends = np.r_[starts[1:], len(column)]
        for s, e in zip(starts[ends - starts > 1], ends[ends - starts > 1], strict=True):
            members = np.sort(order[s:e])
            if members[0] >= n:
                continue  # old articles only
            i, j = np.triu_indices(len(members), k=1)
            pairs = np.stack([members[i], members[j]], axis=1)
            found.append(pairs[pairs[:, 0] < n])
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    return where[np.unique(np.concatenate(found), axis=0)]   # `where` rises: the order stays sorted


def find_near_duplicates(new: Sequence[Article], new_sigs: np.ndarray, old: Sequence[Article],
                         old_sigs: np.ndarray, params: Params = PARAMS) -> list[NearDuplicate]:
    """Near-duplicate pairs among the new articles and between them and the old ones (articles of the same
    document are not paired: repeats inside one file are the cleaner's business). Sorted by article ids."""
    if not len(new):
        return []
    n = len(new)

    def article(i: int) -> Article:  # `old` may build its articles on demand: only those in a pair are made
        return new[i] if i < n else old[i - n]

    def rows(index: np.ndarray) -> np.ndarray:
        out = np.empty((len(index), new_sigs.shape[1]), dtype=new_sigs.dtype)
        is_new = index < n
        out[is_new] = new_sigs[index[is_new]]
        out[~is_new] = old_sigs[index[~is_new] - n]
        return out

    pairs = candidate_pairs(band_keys(new_sigs, params), band_keys(old_sigs, params) if len(old) else
                            np.empty((0, params.bands[0]), dtype=np.uint64))
    if not len(pairs):
        return []
    out = []
    # candidates scored a slice at a time: each costs two signature rows (1 KB) while scored, and a corpus of
    # generated or templated pages gives millions of them (1.8 GB at 100,000 articles scored at once)
    for start in range(0, len(pairs), SCORE_PAIRS):
        part = pairs[start:start + SCORE_PAIRS]
        scores = jaccard(rows(part[:, 0]), rows(part[:, 1]))
        near = scores >= params.threshold
        for (i, j), score in zip(part[near].tolist(), scores[near].tolist(), strict=True):
            a, b = article(i), article(j)
            if a.doc_id == b.doc_id:
                continue
            keep, copy = sorted((a, b), key=canonical_order)
            out.append(NearDuplicate(copy.article_id, copy.doc_id, keep.article_id, keep.doc_id, round(score, 6)))
    return sorted(out, key=lambda p: (p.canonical_article_id, p.article_id))
