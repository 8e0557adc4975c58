-- name: staged_documents
-- made by a staging file's set-up (pipelines/warehouse.py ensure_staging), after staging.sql's gate_tables. the
-- rows a publish copies, composed from the staged tables and the later steps' verdicts: no step rewrites an
-- earlier step's table (tests/test_step_ownership.py). they decide published rows: engine_version hashes this file.
--
-- the documents rows: the documents step's rows with the cleaning step's verdicts (cleaning_verdicts) and the
-- gate's (gate_verdicts) applied, what the gate checks and the publish copies into documents. a document cleaned has
-- one cleaning verdict (forget_fresh_cleaned clears the old one first); a carried document has none, its row being
-- the published one, verdicts included. the gate holds only documents still ok, once each
create or replace view staged_documents as
select d.* replace (
    case when v.quarantine_reason is null and g.quarantine_reason is null then d.status else 'quarantined' end
        as status,
    coalesce(g.quarantine_reason, v.quarantine_reason, d.quarantine_reason) as quarantine_reason,
    coalesce(v.removed_fraction, d.removed_fraction) as removed_fraction
)
from documents d
left join cleaning_verdicts v on v.doc_id = d.doc_id
left join gate_verdicts g on g.doc_id = d.doc_id;

-- name: staged_rows
-- the other tables' rows a publish copies into the main tables: the staged ones but those of documents the gate
-- holds (an anti-join on the small gate_verdicts; a row with no doc_id stays, as it is no held document's). a
-- near-duplicate pair goes with either of its documents
create or replace view staged_articles as
select * from articles t where not exists (select 1 from gate_verdicts g where g.doc_id = t.doc_id);
create or replace view staged_paragraphs as
select * from paragraphs t where not exists (select 1 from gate_verdicts g where g.doc_id = t.doc_id);
create or replace view staged_removed_spans as
select * from removed_spans t where not exists (select 1 from gate_verdicts g where g.doc_id = t.doc_id);
create or replace view staged_metadata_spans as
select * from metadata_spans t where not exists (select 1 from gate_verdicts g where g.doc_id = t.doc_id);
create or replace view staged_numeric_claims as
select * from numeric_claims t where not exists (select 1 from gate_verdicts g where g.doc_id = t.doc_id);
create or replace view staged_minhash_signatures as
select * from minhash_signatures t where not exists (select 1 from gate_verdicts g where g.doc_id = t.doc_id);
create or replace view staged_near_duplicates as
select * from near_duplicates t
where not exists (select 1 from gate_verdicts g where g.doc_id = t.doc_id)
    and not exists (select 1 from gate_verdicts g where g.doc_id = t.canonical_doc_id);

-- name: held_rows
-- the rows a publish copies into the quarantine schema: those of the documents the gate holds, and those a
-- rebuild of the staged tables copied from the published quarantine schema (staging.sql copy_published)
create or replace view held_articles as
select * from quarantine.articles
union all by name select * from articles where doc_id in (select doc_id from gate_verdicts);
create or replace view held_paragraphs as
select * from quarantine.paragraphs
union all by name select * from paragraphs where doc_id in (select doc_id from gate_verdicts);
create or replace view held_removed_spans as
select * from quarantine.removed_spans
union all by name select * from removed_spans where doc_id in (select doc_id from gate_verdicts);
create or replace view held_metadata_spans as
select * from quarantine.metadata_spans
union all by name select * from metadata_spans where doc_id in (select doc_id from gate_verdicts);
create or replace view held_numeric_claims as
select * from quarantine.numeric_claims
union all by name select * from numeric_claims where doc_id in (select doc_id from gate_verdicts);
create or replace view held_minhash_signatures as
select * from quarantine.minhash_signatures
union all by name select * from minhash_signatures where doc_id in (select doc_id from gate_verdicts);
create or replace view held_near_duplicates as
select * from quarantine.near_duplicates
union all by name
select * from near_duplicates
where doc_id in (select doc_id from gate_verdicts) or canonical_doc_id in (select doc_id from gate_verdicts);
