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
    keys = np.concatenate([new_keys, old_keys]) if len(old_keys) else new_keys
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
    return np.unique(np.concatenate(found), axis=0)


def find_near_duplicates(new: Sequence[Article], new_sigs: np.ndarray, old: Sequence[Article],
                         old_sigs: np.ndarray, params: Params = PARAMS) -> list[NearDuplicate]:
    """Near-duplicate pairs among the new articles and between them and the old ones (articles of the same
    document are not paired: repeats inside one file are the cleaner's business). Sorted by article ids."""
    everyone = [*new, *old]
    sigs = np.concatenate([new_sigs, old_sigs]) if len(old) else new_sigs
    if not len(new):
        return []
    pairs = candidate_pairs(band_keys(new_sigs, params), band_keys(old_sigs, params) if len(old) else
                            np.empty((0, params.bands[0]), dtype=np.uint64))
    if not len(pairs):
        return []
    out = []
    # candidates scored a slice at a time: each costs two signature rows (1 KB) while scored, and a corpus of
    # generated or templated pages gives millions of them (1.8 GB at 100,000 articles scored at once)
    for start in range(0, len(pairs), SCORE_PAIRS):
        part = pairs[start:start + SCORE_PAIRS]
        scores = jaccard(sigs[part[:, 0]], sigs[part[:, 1]])
        near = scores >= params.threshold
        for (i, j), score in zip(part[near].tolist(), scores[near].tolist(), strict=True):
            a, b = everyone[i], everyone[j]
            if a.doc_id == b.doc_id:
                continue
            keep, copy = sorted((a, b), key=canonical_order)
            out.append(NearDuplicate(copy.article_id, copy.doc_id, keep.article_id, keep.doc_id, round(score, 6)))
    return sorted(out, key=lambda p: (p.canonical_article_id, p.article_id))
