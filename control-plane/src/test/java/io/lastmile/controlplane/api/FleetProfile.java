package io.lastmile.controlplane.api;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A control plane of its own for the tests that connect many agents: the nodes they leave behind do
 * not show up in the tests that expect an empty cluster.
 */
public class FleetProfile implements QuarkusTestProfile {}
