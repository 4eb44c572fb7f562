package io.lastmile.sim;

/**
 * What happened to one job under one policy.
 *
 * @param startMs start of its last (completed) attempt; -1 when it never completed
 * @param rttMs round trip from its origin to the site of its last attempt
 * @param costBase electricity cost of all its attempts, preempted ones included
 * @param siteWh energy of all its attempts at the site (PUE included)
 */
public record JobOutcome(
    int siteIndex, long startMs, double rttMs, double costBase, double siteWh, int preempted) {}
