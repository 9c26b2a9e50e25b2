import GridCore

/// What the daemon currently believes about the city: the config, the map and the router built
/// from them. Immutable; a reload builds a new one and swaps it in whole, so a request always
/// sees one consistent version. A class: every request takes the current one, and handing out
/// a reference costs one retain where a copy of the struct retained each of its parts.
public final class CityModel: Sendable {
    public let config: GridConfig
    public let map: GridMap
    public let router: Router
    public let reportDecoder: ReportDecoder
    /// The lifecycle on this config's working calendar.
    public let lifecycle: Lifecycle
    /// The policy snapshot of each category and priority, for intake.
    public let policies: PolicySnapshots
    public let loadedAt: Timestamp
    /// Problems worth a look that do not stop the daemon (e.g. no holiday file for next year).
    public let warnings: [String]

    public init(config: GridConfig, map: GridMap, calendar: WorkingCalendar, loadedAt: Timestamp, warnings: [String] = []) {
        self.warnings = warnings
        self.config = config
        self.map = map
        self.router = Router(map: map, fallback: config.grid.fallbackUnit)
        self.reportDecoder = ReportDecoder(limits: config.limits.report)
        self.lifecycle = Lifecycle(calendar: calendar, inspectorUnits: config.access.inspectorUnits, indexingAround: loadedAt)
        self.policies = PolicySnapshots(policy: config.policy, categories: config.categories)
        self.loadedAt = loadedAt
    }

    public var wire: IncidentWire {
        let map = self.map
        let config = self.config
        return IncidentWire(
            unitName: { code in
                if code == config.grid.cityCode { return config.grid.cityName }
                return map.unit(code)?.name
            },
            categoryName: { config.categories[$0]?.name },
            utcOffset: { [lifecycle] in lifecycle.calendar.utcOffsetSeconds(at: $0) })
    }
}
