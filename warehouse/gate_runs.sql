-- gate_runs: one row per run of the job, written when the run ends (pipelines/gate_runs.py), in the published
-- warehouse whether or not the run published. the outcome of the last run is one query, not a join of
-- quality_runs and publish_log.

-- name: create
create table if not exists gate_runs (
    run_id varchar,
    started_at timestamp with time zone,
    ended_at timestamp with time zone,
    mode varchar,
    outcome varchar,
    published boolean,
    counts_of varchar,
    documents bigint,
    articles bigint,
    claims bigint,
    quarantined bigint,
    gate_quarantined bigint,
    checks_run integer,
    failed_rules varchar[],
    warned_rules varchar[],
    skipped_rules varchar[],
    errors varchar[],
    report_path varchar
);
comment on table gate_runs is 'one row per run of the job: when, how, whether it published, what it held, which rules failed or were not run';
comment on column gate_runs.run_id is 'the dagster run id (the run report and quality_runs use the same)';
comment on column gate_runs.started_at is 'when the run started';
comment on column gate_runs.ended_at is 'when the run ended';
comment on column gate_runs.mode is 'full (every file read again, or a first run), incremental (only new and changed files) or publish-only (the publish step alone)';
comment on column gate_runs.outcome is 'published, nothing changed, blocked (a blocking rule failed), failed (a step failed) or stopped (a signal)';
comment on column gate_runs.published is 'whether this run changed the published tables';
comment on column gate_runs.counts_of is 'what the counts are of: published (the warehouse after the run) or staged (what the run would have published)';
comment on column gate_runs.documents is 'documents rows, quarantined ones included; null when unknown (the run stopped before staging anything)';
comment on column gate_runs.articles is 'articles rows';
comment on column gate_runs.claims is 'numeric_claims rows';
comment on column gate_runs.quarantined is 'documents quarantined, when read or cleaned and by the gate';
comment on column gate_runs.gate_quarantined is 'documents the quality gate quarantined in this run';
comment on column gate_runs.checks_run is 'checks (expectations) the run evaluated';
comment on column gate_runs.failed_rules is 'table.rule of every blocking (error) rule that failed: each one stops the publish';
comment on column gate_runs.warned_rules is 'table.rule of every warning rule that failed (the run may still publish)';
comment on column gate_runs.skipped_rules is 'table.rule of every rule of the suites the run did not check (the run stopped before the gate, or the gate left it out)';
comment on column gate_runs.errors is 'one line per failed step: what failed, where, what to do';
comment on column gate_runs.report_path is 'the run''s html quality report, when one was written';

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
