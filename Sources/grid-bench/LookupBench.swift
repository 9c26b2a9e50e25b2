import GridCore
import GridFixtures

/// Point lookups over a generated 10,000-cell map on one core, against brute force (every
/// polygon tested) over the same map as the baseline.
enum LookupBench {
    static func run(quick: Bool, into report: inout BenchReport) {
        let grid = SyntheticGrid(cells: 10_000)
        let map: GridMap
        do {
            map = try GridMap.load(geoJSON: grid.geoJSONBytes(), source: "synthetic")
        } catch {
            fatalError("synthetic map does not load: \(error)")
        }
        let points = grid.randomPoints(quick ? 200_000 : 1_000_000, seed: 42)
        var rates: [Double] = []
        var found = 0
        for _ in 0..<(quick ? 3 : 5) {
            let start = monotonicSeconds()
            for point in points where map.cell(containing: point) != nil { found += 1 }
            rates.append(Double(points.count) / (monotonicSeconds() - start))
        }
        let brutePoints = Array(points.prefix(quick ? 200 : 1000))
        var bruteRates: [Double] = []
        for _ in 0..<3 {
            let start = monotonicSeconds()
            for point in brutePoints where !map.cellsContainingByBruteForce(point).isEmpty { found += 1 }
            bruteRates.append(Double(brutePoints.count) / (monotonicSeconds() - start))
        }
        precondition(found > 0)
        let rate = median(rates)
        let brute = median(bruteRates)
        report.add(.init(
            name: "point lookups, 10,000-cell map, 1 core", value: formatRate(rate),
            baseline: "\(formatRate(brute)) brute force", ratio: "\(Int(rate / brute))×", target: "≥ 1 M/s"))
    }
}
