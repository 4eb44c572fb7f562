-- Finished jobs leave the control plane's memory after lastmile.retention.*; listings and look-ups
-- of them are then answered from this table. The spec fields that listings filter and sort by are
-- copied into columns of their own, set on insert. Rows stored before have them NULL: the control
-- plane fills them in from `spec` when it loads the store (SpecColumns), since the same SQL cannot
-- read JSON on both PostgreSQL and H2.
ALTER TABLE jobs ADD COLUMN tenant VARCHAR(255);
ALTER TABLE jobs ADD COLUMN job_class VARCHAR(32);
ALTER TABLE jobs ADD COLUMN name VARCHAR(255);
ALTER TABLE jobs ADD COLUMN origin_region VARCHAR(63);
ALTER TABLE jobs ADD COLUMN gpu_count INTEGER;

-- ListJobs pages newest first; start-up loads the most recently finished jobs.
CREATE INDEX jobs_region_created ON jobs (region, create_time, id);
CREATE INDEX jobs_region_updated ON jobs (region, update_time);
