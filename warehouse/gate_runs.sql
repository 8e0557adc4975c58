-- gate_runs: one row per run of the job, written when the run ends (pipelines/gate_runs.py), in the published
-- warehouse whether or not the run published. the outcome of the last run is one query, not a join of
-- quality_runs and publish_log. the table is made with the others (schema.sql; its comments come from
-- pipelines/tables.py).

-- name: insert
insert into gate_runs by name
select * from incoming;

-- name: forget
delete from gate_runs where run_id = ?;

-- name: latest
select * from gate_runs order by ended_at desc limit ?;

-- name: published_runs
-- which of the given runs published: for the report's list of runs
select run_id, published, outcome from gate_runs where run_id in (select unnest(?::varchar[]));
