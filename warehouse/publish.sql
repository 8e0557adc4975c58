-- name: attach_staging
attach ? as staging (read_only);

-- name: detach_staging
detach staging;

-- name: publish
-- runs inside one transaction: readers see the old tables or the new ones, never a mix
delete from main.documents;
insert into main.documents by name select * from staging.documents;
delete from main.articles;
insert into main.articles by name select * from staging.articles;
delete from main.paragraphs;
insert into main.paragraphs by name select * from staging.paragraphs;
delete from main.removed_spans;
insert into main.removed_spans by name select * from staging.removed_spans;
delete from main.metadata_spans;
insert into main.metadata_spans by name select * from staging.metadata_spans;
delete from main.numeric_claims;
insert into main.numeric_claims by name select * from staging.numeric_claims;

-- name: log_publish
insert into publish_log
select ?, now(),
    (select count(*) from main.documents),
    (select count(*) from main.articles),
    (select count(*) from main.numeric_claims);

-- name: record_quality
insert into quality_runs by name select * from incoming;
