-- Node ids are DNS-1123 subdomains (NodeIds in the proto module), as Kubernetes node names are:
-- up to 253 characters, such as ip-10-0-1-23.eu-central-1.compute.internal.
ALTER TABLE jobs ALTER COLUMN node_id SET DATA TYPE VARCHAR(253);
ALTER TABLE attempts ALTER COLUMN node_id SET DATA TYPE VARCHAR(253);
ALTER TABLE nodes ALTER COLUMN id SET DATA TYPE VARCHAR(253);
ALTER TABLE job_event_outbox ALTER COLUMN node_id SET DATA TYPE VARCHAR(253);
ALTER TABLE enrolment_tokens ALTER COLUMN node_id SET DATA TYPE VARCHAR(253);
ALTER TABLE enrolment_tokens ALTER COLUMN used_by SET DATA TYPE VARCHAR(253);
ALTER TABLE node_credentials ALTER COLUMN node_id SET DATA TYPE VARCHAR(253);
