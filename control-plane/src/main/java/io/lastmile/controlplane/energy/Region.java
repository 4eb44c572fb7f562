package io.lastmile.controlplane.energy;

/**
 * A region sites can be in.
 *
 * @param jurisdiction the legal area its data is processed in, for example "DE"
 * @param marketZone the electricity market zone whose prices apply, for example "DE-LU"
 */
public record Region(String name, String jurisdiction, String marketZone, String city) {}
