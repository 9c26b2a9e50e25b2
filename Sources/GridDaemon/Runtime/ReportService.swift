import Dispatch
import GridCore
import GridStore

/// Answers `report` requests: resolves the range against the working calendar, streams the
/// incidents of the scope from a read connection through a `ReportAggregator`, and encodes the
/// report with the current map's unit and category names.
///
/// Reports run one at a time on their own queue (`gridd.report`), off the socket queue, the
/// writer and the `gridd.read` queue of `show`/`list`/`status`: a report over a million incidents
/// takes seconds of one core, and intake and lookups go on meanwhile (docs/BENCHMARKS.md).
public final class ReportService: Sendable {
    private let city: CityModelBox
    private let store: IncidentStore
    private let clock: any WallClock
    private let queue = DispatchQueue(label: "gridd.report", qos: .default)

    public init(city: CityModelBox, store: IncidentStore, clock: any WallClock) {
        self.city = city
        self.store = store
        self.clock = clock
    }

    public func run(_ query: ReportQuery, completion: @escaping @Sendable (Result<JSONValue, GridError>) -> Void) {
        queue.async { [self] in
            do throws(GridError) {
                completion(.success(try report(query).json))
            } catch {
                completion(.failure(error))
            }
        }
    }

    /// The report, computed on the calling thread.
    public func report(_ query: ReportQuery) throws(GridError) -> EvaluationReport {
        let model = city.current
        let calendar = model.lifecycle.calendar
        let now = clock.now()
        let range = try query.range(calendar: calendar, now: now)
        let level = query.effectiveGroupBy
        let pipeline = ReportPipeline(ReportAggregator(
            range: range, groupBy: level, calendar: calendar, registerLimit: query.registerLimit,
            units: Self.mapUnits(model.map, at: level, within: query.unit)))
        let scope = ReportScope(unit: query.unit, category: query.category, range: range)
        let read: Result<Void, StoreError>
        do throws(StoreError) {
            try store.reportFacts(scope) { pipeline.add($0) }
            read = .success(())
        } catch {
            read = .failure(error)
        }
        let aggregator = pipeline.finish()
        if case .failure(let error) = read { throw error.gridError }
        let wire = model.wire
        return aggregator.report(query: query, generatedAt: now, unitName: wire.unitName, categoryName: wire.categoryName)
    }

    /// The units of the map at `level` inside `unit` (or the one containing it): rows shown even
    /// when nothing happened there.
    static func mapUnits(_ map: GridMap, at level: Tier, within unit: UnitCode?) -> [UnitCode] {
        guard let unit else { return map.units(at: level).map(\.code) }
        if level >= unit.tier { return unit.ancestor(at: level).map { [$0] } ?? [] }
        return map.units(at: level).map(\.code).filter { unit.contains($0) }
    }
}
