import Dispatch
import GridCore
import GridStore
import GridSystem

/// Answers `report` requests: resolves the range against the working calendar, streams the
/// incidents of the scope from a read connection through a `ReportAggregator`, and encodes the
/// report with the current map's unit and category names.
///
/// Reports run one at a time on their own queue (`gridd.report`), off the socket queue, the
/// writer and the `gridd.read` queue of `show`/`list`/`status`. A report of the whole city is
/// read in two parts at once (`parts`: two cores) at the default QoS, below the writer's, so
/// intake goes on meanwhile (docs/BENCHMARKS.md).
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

    /// How many parts a report of the whole city is read in: two on a machine with two cores or
    /// more (a third reader stays free for `show`, `list`, `status`).
    static let parts = ProcessControl.onlineProcessorCount() >= 2 ? 2 : 1

    /// The report, computed on the calling thread (and, for its parts, on the store's readers):
    /// the range and the period before it (环比) in one pass, scored by `[Evaluation] Weights=` of
    /// the model in force (a reload applies to the next report).
    public func report(_ query: ReportQuery) throws(GridError) -> EvaluationReport {
        let model = city.current
        let calendar = model.lifecycle.calendar
        let now = clock.now()
        let periods = try query.periods(calendar: calendar, now: now)
        let level = query.effectiveGroupBy
        let template = ReportAggregator(
            periods: periods, groupBy: level, calendar: calendar, registerLimit: query.registerLimit,
            units: Self.mapUnits(model.map, at: level, within: query.unit), scope: query.unit, now: now)
        let parts = (0..<Self.parts).map { _ in PartAggregator(template) }
        let tally: ResponsibleUnitTally
        do throws(StoreError) {
            tally = try store.reportFacts(ReportScope(unit: query.unit, category: query.category, periods: periods), parts: parts.count) {
                parts[$0].aggregator.add($1)
            }
        } catch {
            throw error.gridError
        }
        var aggregator = parts[0].aggregator
        for part in parts.dropFirst() { aggregator.merge(part.aggregator) }
        aggregator.addResponsible(tally)
        let wire = model.wire
        var report = aggregator.report(
            query: query, generatedAt: now, weights: model.config.evaluation.weights, unitName: wire.unitName,
            categoryName: wire.categoryName)
        report.target = model.config.evaluation.target
        for index in report.register.indices {
            report.register[index].overdue = try overdue(of: report.register[index].id, now: now, calendar: calendar)
                .map { overdue in
                    var named = overdue
                    named.unitName = wire.unitName(overdue.unit)
                    return named
                }
        }
        return report
    }

    /// Whose miss put a case on the 超期 list and how long ago (`RegisterOverdue`): the case and
    /// its events read again, one case at a time — the list is short (`--register-limit`, 50 by
    /// default), and the pass over the store keeps no event of any case.
    private func overdue(of id: Int64, now: Timestamp, calendar: WorkingCalendar) throws(GridError) -> RegisterOverdue? {
        do throws(StoreError) {
            guard let incident = try store.incident(id: id) else { return nil }
            return RegisterOverdue.of(incident, events: try store.events(incidentID: id), now: now, calendar: calendar)
        } catch {
            throw error.gridError
        }
    }

    /// One part's aggregator, touched only by that part's thread until the read is over.
    private final class PartAggregator: @unchecked Sendable {
        var aggregator: ReportAggregator
        init(_ aggregator: ReportAggregator) { self.aggregator = aggregator }
    }

    /// The units of the map at `level` inside `unit` (or the one containing it): rows shown even
    /// when nothing happened there.
    static func mapUnits(_ map: GridMap, at level: Tier, within unit: UnitCode?) -> [UnitCode] {
        guard let unit else { return map.units(at: level).map(\.code) }
        if level >= unit.tier { return unit.ancestor(at: level).map { [$0] } ?? [] }
        return map.units(at: level).map(\.code).filter { unit.contains($0) }
    }
}
