-- A node id is unique within a region key, not across them: control planes sharded by region (or
-- sharing one database) each keep their own row for a node. Rebuilt rather than altered so the same
-- statements run on PostgreSQL and H2.
CREATE TABLE nodes_by_region (
  region        VARCHAR(63)              NOT NULL,
  id            VARCHAR(63)              NOT NULL,
  node_region   VARCHAR(63)              NOT NULL,
  info          TEXT                     NOT NULL, -- JSON, see JsonCodec
  registered_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (region, id)
);
INSERT INTO nodes_by_region (region, id, node_region, info, registered_at)
  SELECT region, id, node_region, info, registered_at FROM nodes;
DROP TABLE nodes;
ALTER TABLE nodes_by_region RENAME TO nodes;
