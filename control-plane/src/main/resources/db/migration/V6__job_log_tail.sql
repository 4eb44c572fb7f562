-- The last lines the last finished attempt of a job printed (stdout and stderr, at most 4 KiB).
ALTER TABLE jobs ADD COLUMN log_tail TEXT DEFAULT '' NOT NULL;
