/// The composite score (综合指标) and the rank (排名) of a report's rows, in the range and in the
/// previous period (环比): what `ReportAggregator.report` and the JSON reader both finish a report
/// with, so that a report read back is the report sent.
extension EvaluationReport {
    /// The report with `weights`, every row's score by them (the total and the categories too),
    /// and the territory rows ranked among the rows of their own level (a fallback row of a street
    /// in a report by community is ranked among the streets): the highest score first, equal scores
    /// sharing a rank (1, 2, 2, 4), rows without a score unranked. Scores are compared to a
    /// millionth of a point, so that the same rate reached by another sum ties.
    public func scored(weights: EvaluationWeights) -> EvaluationReport {
        var report = self
        report.weights = weights
        func score(_ metrics: inout Metrics) {
            metrics.figures.score = metrics.figures.score(weights: weights)
            metrics.previous.score = metrics.previous.score(weights: weights)
            metrics.figures.rank = nil
            metrics.previous.rank = nil
        }
        score(&report.total)
        for index in report.units.indices { score(&report.units[index].metrics) }
        for index in report.categories.indices { score(&report.categories[index].metrics) }
        for tier in Tier.allCases {
            let rows = report.units.indices.filter { report.units[$0].unit.tier == tier }
            let current = Self.ranks(rows.map { report.units[$0].metrics.figures.score })
            let previous = Self.ranks(rows.map { report.units[$0].metrics.previous.score })
            for (position, index) in rows.enumerated() {
                report.units[index].metrics.figures.rank = current[position]
                report.units[index].metrics.previous.rank = previous[position]
            }
        }
        return report
    }

    /// Competition ranks of `scores` (1 + how many score higher), nil for nil.
    static func ranks(_ scores: [Double?]) -> [Int?] {
        let keys = scores.map { $0.map { ($0 * 1_000_000).rounded() } }
        let present = keys.compactMap { $0 }.sorted(by: >)
        return keys.map { key in
            key.map { key in
                // The number of scores above `key`: the index of its first occurrence in descending order.
                var low = 0, high = present.count
                while low < high {
                    let middle = (low + high) / 2
                    if present[middle] > key { low = middle + 1 } else { high = middle }
                }
                return low + 1
            }
        }
    }
}
