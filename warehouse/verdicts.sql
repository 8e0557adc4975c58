-- name: staged_documents
-- made by a staging file's set-up (pipelines/warehouse.py ensure_staging), after staging.sql's gate_tables. the
-- documents rows as a publish copies them: the documents step's rows with the cleaning step's verdicts
-- (cleaning_verdicts) applied, what the gate checks and the publish copies into documents. a document cleaned has
-- one verdict (forget_fresh_cleaned clears the old one first); a carried document has none, its row being the
-- published one, verdict included. it decides published rows: engine_version hashes this file
create or replace view staged_documents as
select d.* replace (
    case when v.quarantine_reason is null then d.status else 'quarantined' end as status,
    coalesce(v.quarantine_reason, d.quarantine_reason) as quarantine_reason,
    coalesce(v.removed_fraction, d.removed_fraction) as removed_fraction
)
from documents d
left join cleaning_verdicts v using (doc_id);
