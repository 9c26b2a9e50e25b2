/// Percentiles by the nearest-rank method: the p-th percentile of n sorted values is the value at
/// rank ⌈p × n / 100⌉ (1-based, in integers). Always one of the values, never an interpolation
/// between two, so a report's "median time to acknowledge" is the time some incident actually
/// took. The median is the 50th percentile: for an even count that is the lower of the two middle
/// values (the median of 1, 2, 3, 4 is 2).
public enum Percentile {
    /// The 1-based rank of the `percent`-th percentile (1…100) among `count` values.
    public static func rank(percent: Int, count: Int) -> Int { min(max((percent * count + 99) / 100, 1), count) }

    /// The nearest-rank `percent`-th percentile of `sorted` (ascending); nil when empty.
    public static func nearestRank(_ sorted: [Int64], percent: Int) -> Int64? {
        guard !sorted.isEmpty else { return nil }
        return sorted[rank(percent: percent, count: sorted.count) - 1]
    }

    /// Median and 90th percentile of `values` (in any order), found by selection rather than a
    /// full sort: a report takes them of a million spans several times over.
    public static func medianAndP90(_ values: [Int64]) -> (median: Int64?, p90: Int64?) {
        guard !values.isEmpty else { return (nil, nil) }
        var values = values
        let median = rank(percent: 50, count: values.count) - 1
        let p90 = rank(percent: 90, count: values.count) - 1
        return values.withUnsafeMutableBufferPointer { buffer in
            select(buffer, median, low: 0, high: buffer.count - 1)
            // Everything after the median is at least the median: the 90th is among them.
            select(buffer, p90, low: median, high: buffer.count - 1)
            return (buffer[median], buffer[p90])
        }
    }

    /// Quickselect (Hoare partition, median-of-three pivot): afterwards `values[k]` holds the
    /// value of rank k within `low...high`, with nothing greater before it and nothing smaller after.
    static func select(_ values: UnsafeMutableBufferPointer<Int64>, _ k: Int, low lowerBound: Int, high upperBound: Int) {
        var low = lowerBound, high = upperBound
        while high > low {
            let middle = low + (high - low) / 2
            if values[middle] < values[low] { values.swapAt(middle, low) }
            if values[high] < values[low] { values.swapAt(high, low) }
            if values[high] < values[middle] { values.swapAt(high, middle) }
            let pivot = values[middle]
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                return
            }
        }
    }
}
