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

    public init(
        sourcePath: String, daemon: DaemonSettings, limits: LimitSettings, grid: GridSettings,
        categories: CategoryCatalog
    ) {
        self.sourcePath = sourcePath
        self.daemon = daemon
        self.limits = limits
        self.grid = grid
        self.categories = categories
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
    /// `IdleTimeout=`: a connection that sends nothing for this long is closed (milliseconds).
    public var idleTimeoutMilliseconds: Int64
    /// `MaxConnections=`: connections beyond this are refused at accept.
    public var maxConnections: Int
    /// `GroupCommitMax=`: most requests folded into one transaction.
    public var groupCommitMax: Int
    /// `Max{Title,Description,Address,Key,ReporterName}Length=`
    public var report: ReportLimits

    public init(
        maxLineBytes: Int = 65536, idleTimeoutMilliseconds: Int64 = 30_000, maxConnections: Int = 1024,
        groupCommitMax: Int = 512, report: ReportLimits = ReportLimits()
    ) {
        self.maxLineBytes = maxLineBytes
        self.idleTimeoutMilliseconds = idleTimeoutMilliseconds
        self.maxConnections = maxConnections
        self.groupCommitMax = groupCommitMax
        self.report = report
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
