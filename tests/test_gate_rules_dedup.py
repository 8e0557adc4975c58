"""Cases for the minhash_signatures and near_duplicates suites (run by tests/test_gate_rules.py): a signature of
the wrong size or from too few shingles breaks a document rule; a pair listed twice, of one document, of articles
not staged, less similar than the threshold or with the later article as canonical breaks a run rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests import gate_world as w

COPY = "c0pyc0py00000003"
FIRST = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _signature(**changes):
    def change(rows):
        rows["minhash_signatures"][0].update(changes)
    return change


def _signature_twice(rows):
    rows["minhash_signatures"].append(dict(rows["minhash_signatures"][0]))


def _syndicated(rows):
    """A second document, read a day later, with every row of the harbour one (a repost); the pair names it the
    copy."""
    from tests.gate_corpus import renamed

    rows["documents"][0]["ingested_at"] = FIRST
    for table, copied in renamed(w.world(), COPY, "copy.txt").items():
        rows.setdefault(table, []).extend(copied)
    rows["documents"][-1]["ingested_at"] = FIRST + timedelta(days=1)
    rows["near_duplicates"] = [{"article_id": f"{COPY}:0", "doc_id": COPY, "canonical_article_id": f"{w.DOC}:0",
                                "canonical_doc_id": w.DOC, "jaccard": 0.91}]


def _pair(**changes):
    def change(rows):
        _syndicated(rows)
        rows["near_duplicates"][0].update(changes)
    return change


def _pair_twice(rows):
    _syndicated(rows)
    rows["near_duplicates"].append(dict(rows["near_duplicates"][0]))


def _pair_within_one_document(rows):
    """Two articles of the harbour document paired with each other."""
    _syndicated(rows)
    rows["articles"].append(dict(rows["articles"][0], article_id=f"{w.DOC}:1", ordinal=1))
    rows["near_duplicates"][0].update(article_id=f"{w.DOC}:1", doc_id=w.DOC)


def _canonical_read_later(rows):
    _syndicated(rows)
    rows["near_duplicates"][0].update(article_id=f"{w.DOC}:0", doc_id=w.DOC, canonical_article_id=f"{COPY}:0",
                                      canonical_doc_id=COPY)


MINHASH_CASES = [
    ("signature_cut", _signature(signature=bytes(100)), {"minhash_signature_complete"}),
    ("signature_missing", _signature(signature=None), {"minhash_signature_complete"}),
    ("signature_of_few_shingles", _signature(shingles=7), {"minhash_enough_shingles"}),
    ("article_signed_twice", _signature_twice, {"minhash_article_unique"}),
    ("signature_of_no_article", _signature(article_id=f"{w.DOC}:9"), {"minhash_article_exists"}),
    ("signature_under_another_document", _signature(doc_id="nope"), {"minhash_article_exists"}),
]

NEAR_DUPLICATE_CASES = [
    ("pair_listed_twice", _pair_twice, {"near_duplicate_pair_unique"}),
    ("copy_not_staged", _pair(article_id=f"{COPY}:7"), {"near_duplicate_articles_exist"}),
    ("canonical_under_another_document", _pair(canonical_doc_id="nope"),
     {"near_duplicate_articles_exist", "near_duplicate_canonical_first"}),
    ("pair_within_one_document", _pair_within_one_document, {"near_duplicate_of_another_document"}),
    ("jaccard_below_threshold", _pair(jaccard=0.2), {"near_duplicate_similar"}),
    ("jaccard_above_one", _pair(jaccard=1.3), {"near_duplicate_similar"}),
    ("jaccard_missing", _pair(jaccard=None), {"near_duplicate_similar"}),
    ("canonical_read_later", _canonical_read_later, {"near_duplicate_canonical_first"}),
]

# good rows that must not be taken for bad ones
FINE = [
    ("near_duplicates", "syndicated_copy", _syndicated),
    ("near_duplicates", "identical_copy", _pair(jaccard=1.0)),
    ("minhash_signatures", "many_shingles", _signature(shingles=40_000)),
]
