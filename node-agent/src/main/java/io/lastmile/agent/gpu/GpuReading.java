package io.lastmile.agent.gpu;

/**
 * One GPU as read from the hardware (or from a declared simulation).
 *
 * @param index the driver's index, the value used in {@code CUDA_VISIBLE_DEVICES}
 * @param powerDrawW power draw in watts; {@code NaN} when the driver does not report it
 * @param powerLimitW enforced power limit in watts; {@code NaN} when unknown
 * @param utilizationPercent 0 to 100; -1 when unknown
 */
public record GpuReading(
    int index,
    String uuid,
    String model,
    long memoryTotalMiB,
    long memoryUsedMiB,
    int utilizationPercent,
    double powerDrawW,
    double powerLimitW,
    boolean migEnabled) {}
