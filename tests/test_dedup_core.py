"""The near-duplicate core: shingles, MinHash signatures, LSH candidates and the canonical rule (no warehouse)."""

from pathlib import Path

import numpy as np
import pytest

from pipelines.core.dedup import (
    PARAMS,
    Article,
    band_keys,
    candidate_pairs,
    find_near_duplicates,
    from_blobs,
    shingles,
    signatures,
    to_blobs,
)
from pipelines.core.dedup.minhash import jaccard
from pipelines.core.dedup.shingles import words

DOCS = Path(__file__).parent / "docs" / "dedup"
STORY = (DOCS / "site_b_ferry.md").read_text(encoding="utf-8").split("\n", 4)[4]
OTHER = (DOCS / "island_tourism.txt").read_text(encoding="utf-8")


def sig(*texts: str) -> np.ndarray:
    return signatures([shingles(t, PARAMS.shingle_words) for t in texts])


def exact(a: str, b: str) -> float:
    x, y = shingles(a, PARAMS.shingle_words), shingles(b, PARAMS.shingle_words)
    return len(x & y) / len(x | y)


def test_words_ignore_case_punctuation_and_unicode_forms():
    assert words("The PORT’s ramp — ﬁxed, mid-term!") == ["the", "port’s", "ramp", "fixed", "mid-term"]


def test_shingles_are_runs_of_words_and_a_short_text_is_one_shingle():
    assert shingles("one two three four five", 4) == {b"one two three four", b"two three four five"}
    assert shingles("Just three words", 4) == {b"just three words"}
    assert shingles("  ...  ", 4) == set()


def test_signatures_are_deterministic_and_survive_bytes():
    a = sig(STORY, OTHER)
    assert a.dtype == np.uint32 and a.shape == (2, PARAMS.num_perm)
    assert (sig(STORY, OTHER) == a).all()
    assert (from_blobs(to_blobs(a)) == a).all()
    assert (from_blobs(b"".join(to_blobs(a))) == a).all()
    with pytest.raises(ValueError):
        from_blobs(b"\0" * 12)


def test_estimated_jaccard_follows_the_exact_one():
    edited = STORY.replace("ripped away", "tore off").replace("groceries", "food").replace("cars", "lorries")
    half = "\n".join(STORY.splitlines()[: len(STORY.splitlines()) // 2])
    for other in (STORY, edited, half, OTHER):
        s = sig(STORY, other)
        assert abs(float(jaccard(s[0], s[1])) - exact(STORY, other)) < 0.15
    s = sig(STORY, OTHER)
    assert jaccard(s[0], s[1]) < 0.1


def test_the_lsh_bands_are_datasketch_s_for_the_threshold():
    b, r = PARAMS.bands
    assert b * r <= PARAMS.num_perm and b > 1
    keys = band_keys(sig(STORY, STORY, OTHER))
    assert keys.shape == (3, b) and (keys[0] == keys[1]).all() and not (keys[0] == keys[2]).any()


def test_candidates_need_a_shared_band_and_a_new_side():
    new = np.array([[1, 2], [3, 4]], dtype=np.uint64)
    old = np.array([[1, 9], [7, 4], [5, 6], [5, 6]], dtype=np.uint64)
    # new 0 shares band 0 with old 2 (index 2), new 1 shares band 1 with old 3 (index 3); old 4 and 5 are equal
    # to each other but both old: not a candidate
    assert candidate_pairs(new, old).tolist() == [[0, 2], [1, 3]]
    assert candidate_pairs(np.array([[8, 8], [8, 0]], dtype=np.uint64), old[:0]).tolist() == [[0, 1]]
    assert candidate_pairs(new[:0], old).shape == (0, 2)


def test_a_copy_pairs_with_the_article_ingested_first():
    copy = "Storm leaves islands stranded\n\n" + STORY.replace("ripped away", "tore off")
    sigs = sig(copy, OTHER)
    old = [Article("aaa:0", "aaa", 1)]
    pairs = find_near_duplicates([Article("zzz:0", "zzz", 2), Article("yyy:0", "yyy", 2)], sigs, old, sig(STORY))
    assert [(p.article_id, p.canonical_article_id) for p in pairs] == [("zzz:0", "aaa:0")]
    assert pairs[0].jaccard >= PARAMS.threshold


def test_on_a_tie_the_smaller_article_id_is_canonical_and_one_document_is_never_paired_with_itself():
    sigs = sig(STORY, STORY, STORY)
    new = [Article("b:0", "b", 5), Article("a:0", "a", 5), Article("a:1", "a", 5)]
    pairs = find_near_duplicates(new, sigs, [], sigs[:0])
    assert [(p.article_id, p.canonical_article_id, p.jaccard) for p in pairs] == [
        ("b:0", "a:0", 1.0), ("b:0", "a:1", 1.0)]


def test_band_keys_are_each_band_s_values_combined_and_equal_bands_give_equal_keys():
    from pipelines.core.dedup.minhash import _MIX

    rng = np.random.default_rng(7)
    sigs = rng.integers(0, 2**32, size=(50, PARAMS.num_perm), dtype=np.uint64).astype(np.uint32)
    b, r = PARAMS.bands
    sigs[1, :r] = sigs[0, :r]  # one band (the first) shared, the rest not
    keys = band_keys(sigs)
    rows = sigs[:, : b * r].astype(np.uint64).reshape(len(sigs), b, r)
    with np.errstate(over="ignore"):
        whole = (rows * _MIX[:r]).sum(axis=2, dtype=np.uint64) ^ np.arange(b, dtype=np.uint64)
    assert keys.shape == (50, b) and (keys == whole).all()  # band by band, the same keys as all at once
    assert keys[0, 0] == keys[1, 0] and (keys[0, 1:] != keys[1, 1:]).all()


def test_candidates_scored_in_slices_give_the_pairs_scored_at_once(monkeypatch):
    import pipelines.core.dedup.pairs as pairs_module

    texts = [STORY, STORY + " One more closing line for the copy.", OTHER, STORY.replace("ferry", "boat"), OTHER[:-40]]
    arts = [Article(f"a{i}", f"d{i}", i) for i in range(len(texts))]
    sigs = sig(*texts)
    whole = find_near_duplicates(arts, sigs, [], sigs[:0])
    monkeypatch.setattr(pairs_module, "SCORE_PAIRS", 1)
    assert len(whole) >= 3 and find_near_duplicates(arts, sigs, [], sigs[:0]) == whole


def test_candidates_are_those_of_every_shared_band_whatever_the_old_rows_sharing_none():
    rng = np.random.default_rng(5)
    new, old = rng.integers(0, 40, size=(30, 4)), rng.integers(0, 40, size=(300, 4))
    keys = np.concatenate([new, old])
    expected = {(i, j) for i in range(len(keys)) for j in range(i + 1, len(keys))
                if i < len(new) and (keys[i] == keys[j]).any()}
    found = candidate_pairs(new.astype(np.uint64), old.astype(np.uint64))
    assert [tuple(p) for p in found.tolist()] == sorted(expected)
