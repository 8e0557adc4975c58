-- name: articles_to_sign_keys
-- the documents read afresh by this run (the others keep their stored signatures), in the documents' order (the
-- cleaning step wrote their articles so), with their primary articles' rowid range, count and bytes
select a.doc_id, min(a.rowid) as lo, max(a.rowid) as hi, count(*) as rows, sum(strlen(a.body)) as weight
from articles a
join documents d on d.doc_id = a.doc_id
where a.role = 'primary' and a.doc_id in (select doc_id from staging_changes)
group by a.doc_id, d.source_file
order by d.source_file, a.doc_id;

-- name: articles_to_sign
-- one batch of them: the primary articles of the documents of `batch_docs` within the rowid range ? .. ?
select a.article_id, a.doc_id, a.body
from articles a
join documents d on d.doc_id = a.doc_id
where a.rowid between ? and ? and a.doc_id in (select doc_id from batch_docs) and a.role = 'primary'
order by d.source_file, a.doc_id, a.article_id;

-- name: forget_fresh
-- a re-executed step starts again from the articles alone
delete from minhash_signatures where doc_id in (select doc_id from staging_changes);
delete from near_duplicates
where doc_id in (select doc_id from staging_changes) or canonical_doc_id in (select doc_id from staging_changes);

-- name: insert_signatures
insert into minhash_signatures by name select * from incoming;

-- name: insert_pairs
insert into near_duplicates by name select * from incoming;

-- name: fresh_signatures
select m.article_id, m.doc_id, d.ingested_at, m.signature
from minhash_signatures m
join documents d using (doc_id)
where m.doc_id in (select doc_id from staging_changes)
order by m.article_id;

-- name: stored_signatures
-- the signatures a new article is compared with: those published (a document the gate holds keeps its rows in the
-- staged tables, gate_verdicts; they are not published, so not paired)
select m.article_id, m.doc_id, d.ingested_at, m.signature
from minhash_signatures m
join documents d using (doc_id)
where m.doc_id not in (select doc_id from staging_changes)
    and m.doc_id not in (select doc_id from gate_verdicts)
order by m.article_id;

-- name: fresh_pairs
select count(*) from near_duplicates
where doc_id in (select doc_id from staging_changes) or canonical_doc_id in (select doc_id from staging_changes);

-- name: counts
-- as published: the rows of documents the gate holds (gate_verdicts) left out (verdicts.sql)
select (select count(*) from staged_minhash_signatures) as minhash_signatures,
       (select count(*) from staged_near_duplicates) as near_duplicates;

-- name: pair_preview
select n.jaccard, c.source_file as canonical_file, c.title as canonical_title, a.source_file, a.title
from near_duplicates n
join articles a on a.article_id = n.article_id
join articles c on c.article_id = n.canonical_article_id
where n.doc_id in (select doc_id from staging_changes) or n.canonical_doc_id in (select doc_id from staging_changes)
order by n.jaccard desc, a.source_file
limit ?;
