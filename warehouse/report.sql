-- the run report's lists (pipelines/quality/report.py), read from the staging file at the end of a run

-- name: mostly_removed
-- documents kept although cleaning removed more of their text than the document_mostly_kept rule allows
select source_file, removed_fraction
from staged_documents
where status = 'ok' and removed_fraction > ?
order by removed_fraction desc, source_file
limit ?;
