-- job_events (V1) kept a row per job version that nothing reads: every transition is in
-- job_event_outbox (V3), with node, energy and cost, and on the job-events topic. Dropping it
-- saves a row and an index entry on every job write.
DROP TABLE job_events;
