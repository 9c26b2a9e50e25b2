/// Everything `gridd.conf` says, parsed and validated. Paths are absolute (relative ones in the
/// file are resolved against the file's own directory, except the state directory, which is
/// resolved against the working directory so that `swift run gridd` keeps state under ./var/).
public struct GridConfig: Sendable, Equatable {
    /// The file this came from (for messages).
    public var sourcePath: String
    public var daemon: DaemonSettings
    public var limits: LimitSettings
    public var grid: GridSettings
    public var categories: CategoryCatalog
    /// `[Calendar]`: the working calendar's settings; the daemon builds the calendar with
    /// `calendar.makeCalendar(holidayFiles:)` after reading the holiday files.
    public var calendar: CalendarSettings
    /// `[Policy]` and `[Policy CODE]`: the windows; `policy.snapshot(category:priority:)` is what
    /// a new incident keeps.
    public var policy: EscalationPolicy
    /// `[Access]`: who holds which role (root and the daemon's own uid are always admins).
    public var access: AccessRules
    /// Where each setting came from (line numbers), for messages about checks made after loading,
    /// such as `checkAgainstMap`. Empty for a config built in code.
    public var sourceLines: ConfigSourceLines
    /// `[Spool]`: file size and line limits, the rescan interval, the tmp/ clean-up age.
    public var spool: SpoolSettings
    /// `[Notify]`: the notification program and its delivery rules; nil when the section is
    /// absent (no notifications, no outbox rows).
    public var notify: NotifySettings?
    /// `[Evaluation]`: the weights of the reports' composite score (综合指标).
    public var evaluation: EvaluationSettings
    /// `[Intake]`: which channels wait for 立案.
    public var intake: IntakeSettings

    public init(
        sourcePath: String, daemon: DaemonSettings, limits: LimitSettings, grid: GridSettings,
        categories: CategoryCatalog, calendar: CalendarSettings = CalendarSettings(),
        policy: EscalationPolicy = EscalationPolicy(), access: AccessRules = AccessRules(),
        sourceLines: ConfigSourceLines = ConfigSourceLines(), spool: SpoolSettings = SpoolSettings(),
        notify: NotifySettings? = nil, evaluation: EvaluationSettings = EvaluationSettings(),
        intake: IntakeSettings = IntakeSettings()
    ) {
        self.evaluation = evaluation
        self.sourcePath = sourcePath
        self.daemon = daemon
        self.limits = limits
        self.grid = grid
        self.categories = categories
        self.calendar = calendar
        self.policy = policy
        self.access = access
        self.sourceLines = sourceLines
        self.spool = spool
        self.notify = notify
        self.intake = intake
    }

    /// Parses and validates `gridd.conf`; see `GridConfigLoader.parse(text:path:workingDirectory:)`.
    public static func parse(text: String, path: String, workingDirectory: String) -> Result<GridConfig, ConfigDiagnostics> {
        GridConfigLoader.parse(text: text, path: path, workingDirectory: workingDirectory)
    }

    /// Parses and validates `gridd.conf` from raw bytes (invalid UTF-8 is reported per line).
    public static func parse(bytes: [UInt8], path: String, workingDirectory: String) -> Result<GridConfig, ConfigDiagnostics> {
        GridConfigLoader.parse(bytes: bytes, path: path, workingDirectory: workingDirectory)
    }

    /// The checks that need the grid map, which is loaded after the config: `FallbackUnit=` and
    /// the unit of every `[Access] Worker=` must name a unit in the map, or be `CityCode=`.
    /// `unitExists` answers whether the map has a unit (community, street or district) with that
    /// code. Returns no diagnostics when all is well.
    public func checkAgainstMap(unitExists: (UnitCode) -> Bool) -> [ConfigDiagnostic] {
        var problems: [ConfigDiagnostic] = []
        let fallback = grid.fallbackUnit
        if fallback != grid.cityCode && !unitExists(fallback) {
            let city = grid.cityCode.map { " or CityCode=\($0)" } ?? ""
            problems.append(ConfigDiagnostic(
                file: sourcePath, line: sourceLines.line(section: "Grid", key: "FallbackUnit") ?? 0,
                message: "FallbackUnit=\(fallback): no \(fallback.tier) with this code in the grid map \(grid.mapPath); expected a unit of the map\(city)"))
        }
        for unit in access.workerUnits where unit != grid.cityCode && !unitExists(unit) {
            let city = grid.cityCode.map { " or CityCode=\($0)" } ?? ""
            problems.append(ConfigDiagnostic(
                file: sourcePath, line: sourceLines.workerUnitLines[unit] ?? 0,
                message: "Worker= unit \(unit): no \(unit.tier) with this code in the grid map \(grid.mapPath); a worker is bound to a unit of the map\(city)"))
        }
        return ConfigDiagnostics.ordered(problems)
    }
}

/// The line of each setting in the file it was loaded from, keyed by section header and key:
/// `line(section: "Grid", key: "FallbackUnit")`, `line(section: "Category", argument: "0102", key: "Name")`.
/// The header's own line is stored under the empty key.
public struct ConfigSourceLines: Sendable, Equatable {
    public private(set) var lines: [String: Int] = [:]
    /// The first `[Access] Worker=` line that names each unit (for `checkAgainstMap`).
    public var workerUnitLines: [UnitCode: Int] = [:]

    public init() {}

    static func slot(_ section: String, _ argument: String?, _ key: String) -> String {
        (argument.map { "\(section) \($0)" } ?? section) + "/" + key
    }

    /// Records the line of a setting (the last occurrence wins, like the value).
    public mutating func record(section: String, argument: String? = nil, key: String, line: Int) {
        lines[ConfigSourceLines.slot(section, argument, key)] = line
    }

    /// The line of the setting (or, with `key: ""`, of the section header), if it was in the file.
    public func line(section: String, argument: String? = nil, key: String) -> Int? {
        lines[ConfigSourceLines.slot(section, argument, key)]
    }
}

/// `[Daemon]`: where state lives. Unset paths derive from the state directory
/// (or from $STATE_DIRECTORY, $RUNTIME_DIRECTORY, $LOGS_DIRECTORY under systemd).
public struct DaemonSettings: Sendable, Equatable {
    /// `StateDirectory=`, default `var` (relative to the working directory).
    public var stateDirectory: String
    /// `Socket=`, default `<runtime or state dir>/gridd.sock`.
    public var socketPath: String?
    /// `Database=`, default `<state dir>/gridd.sqlite`.
    public var databasePath: String?
    /// `Spool=`, default `<state dir>/spool`.
    public var spoolDirectory: String?
    /// `LogDirectory=`, default `<logs dir or state dir>`.
    public var logDirectory: String?
    /// `SocketMode=`, octal, default 0660.
    public var socketMode: UInt32

    public init(
        stateDirectory: String = "var", socketPath: String? = nil, databasePath: String? = nil,
        spoolDirectory: String? = nil, logDirectory: String? = nil, socketMode: UInt32 = 0o660
    ) {
        self.stateDirectory = stateDirectory
        self.socketPath = socketPath
        self.databasePath = databasePath
        self.spoolDirectory = spoolDirectory
        self.logDirectory = logDirectory
        self.socketMode = socketMode
    }
}

/// `[Limits]`: what one client or one report may cost.
public struct LimitSettings: Sendable, Equatable {
    /// `MaxLineBytes=`: a socket line longer than this is refused and the connection closed.
    public var maxLineBytes: Int
    /// `IdleTimeout=`: a connection that completes no request for this long, and is owed no
    /// answer, is closed (milliseconds).
    public var idleTimeoutMilliseconds: Int64
    /// `RequestTimeout=`: a request line must be complete this long after its first byte, or the
    /// connection is closed (milliseconds).
    public var requestTimeoutMilliseconds: Int64
    /// `MaxConnections=`: connections beyond this are refused at accept.
    public var maxConnections: Int
    /// `MaxConnectionsPerUser=`: connections from one peer uid beyond this are refused at accept
    /// (no uid is exempt, root and the daemon's own included). Default 256.
    public var maxConnectionsPerUser: Int
    /// `ReservedConnections=`: the last connections of `MaxConnections=`, kept for operators and
    /// admins (workers and peers with no role are refused once only these are left). Default 8.
    public var reservedConnections: Int
    /// `GroupCommitMax=`: most requests folded into one transaction.
    public var groupCommitMax: Int
    /// `MaxBatch=`: most reports in one `submit` with `reports` (a gateway's batch); a longer
    /// batch is refused whole. Default 500; follows a reload, like the report limits.
    public var maxBatch: Int = 500
    /// `Max{Title,Description,Address,Key,ReporterName}Length=`
    public var report: ReportLimits
    /// `TailBacklog=`: dispatch-log lines kept in memory for `tail` to start from.
    public var tailBacklog: Int
    /// `TailQueue=`: lines a following `tail` client may have waiting before it misses some.
    public var tailQueue: Int
    /// `StopTimeout=`: how long a graceful stop may wait for work in flight, in all (milliseconds;
    /// the daemon's component runner splits it). Below systemd's `TimeoutStopSec=` (30 s).
    public var stopTimeoutMilliseconds: Int64

    public init(
        maxLineBytes: Int = 65536, idleTimeoutMilliseconds: Int64 = 30_000, maxConnections: Int = 1024,
        groupCommitMax: Int = 4096, report: ReportLimits = ReportLimits(), tailBacklog: Int = 1000, tailQueue: Int = 1000,
        maxConnectionsPerUser: Int = 256, requestTimeoutMilliseconds: Int64 = 5_000, reservedConnections: Int = 8,
        stopTimeoutMilliseconds: Int64 = 24_000
    ) {
        self.maxLineBytes = maxLineBytes
        self.idleTimeoutMilliseconds = idleTimeoutMilliseconds
        self.requestTimeoutMilliseconds = requestTimeoutMilliseconds
        self.reservedConnections = reservedConnections
        self.maxConnections = maxConnections
        self.maxConnectionsPerUser = maxConnectionsPerUser
        self.groupCommitMax = groupCommitMax
        self.report = report
        self.tailBacklog = tailBacklog
        self.tailQueue = tailQueue
        self.stopTimeoutMilliseconds = stopTimeoutMilliseconds
    }
}

/// `[Grid]`: the map and where unroutable reports go.
public struct GridSettings: Sendable, Equatable {
    /// `Map=`: the GeoJSON grid map (absolute after loading).
    public var mapPath: String
    /// `FallbackUnit=`: the unit (any tier) that takes reports no cell matches.
    public var fallbackUnit: UnitCode
    /// `CityCode=` and `CityName=`: the top tier's unit, for display.
    public var cityCode: UnitCode?
    public var cityName: String?

    public init(mapPath: String, fallbackUnit: UnitCode, cityCode: UnitCode? = nil, cityName: String? = nil) {
        self.mapPath = mapPath
        self.fallbackUnit = fallbackUnit
        self.cityCode = cityCode
        self.cityName = cityName
    }
}
