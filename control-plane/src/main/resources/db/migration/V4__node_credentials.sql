-- Agent enrolment. Runs unchanged on PostgreSQL and on H2. Only SHA-256 hashes of secrets are
-- stored: a copy of the database does not let anyone enrol or connect as a node.

-- Single-use enrolment tokens made by operators (`lastmile nodes enroll-token`).
CREATE TABLE enrolment_tokens (
  region       VARCHAR(63)              NOT NULL,
  token_sha256 CHAR(64)                 NOT NULL PRIMARY KEY,
  node_id      VARCHAR(63)              NOT NULL, -- the only node it may enrol; '' for any
  created_by   VARCHAR(255)             NOT NULL, -- the operator token's name
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  used_at      TIMESTAMP WITH TIME ZONE,          -- null until used
  used_by      VARCHAR(63)                        -- the node that used it
);

-- One credential per node; enrolling again replaces it, revoking keeps the row with revoked_at.
CREATE TABLE node_credentials (
  region        VARCHAR(63)              NOT NULL,
  node_id       VARCHAR(63)              NOT NULL,
  secret_sha256 CHAR(64)                 NOT NULL UNIQUE,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked_at    TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (region, node_id)
);
