/// Percentiles by the nearest-rank method: the p-th percentile of n sorted values is the value at
/// rank ⌈p × n / 100⌉ (1-based, in integers). Always one of the values, never an interpolation
/// between two, so a report's "median time to acknowledge" is the time some incident actually
/// took. The median is the 50th percentile: for an even count that is the lower of the two middle
/// values (the median of 1, 2, 3, 4 is 2).
public enum Percentile {
    /// The nearest-rank `percent`-th percentile (1…100) of `sorted` (ascending); nil when empty.
    public static func nearestRank(_ sorted: [Int64], percent: Int) -> Int64? {
        guard !sorted.isEmpty else { return nil }
        let rank = (percent * sorted.count + 99) / 100
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// Median and 90th percentile of `values` (sorted here).
    public static func medianAndP90(_ values: [Int64]) -> (median: Int64?, p90: Int64?) {
        let sorted = values.sorted()
        return (nearestRank(sorted, percent: 50), nearestRank(sorted, percent: 90))
    }
}
