"""Near-duplicate articles across the corpus: word shingles, MinHash signatures (datasketch) and LSH banding.

Pure functions (no Dagster or DuckDB import): the pipeline hashes only new articles and looks them up against the
signatures it keeps in the warehouse.
"""

from pipelines.core.dedup.minhash import PARAMS, Params, band_keys, from_blobs, signatures, to_blobs
from pipelines.core.dedup.pairs import Article, NearDuplicate, candidate_pairs, find_near_duplicates
from pipelines.core.dedup.shingles import shingles

__all__ = ["PARAMS", "Article", "NearDuplicate", "Params", "band_keys", "candidate_pairs", "find_near_duplicates",
           "from_blobs", "shingles", "signatures", "to_blobs"]
