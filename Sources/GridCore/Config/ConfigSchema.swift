/// The sections of gridd.conf and the keys each takes, with their type, default and meaning: the
/// one declaration that the loader's unknown-key check (`GridConfigLoader.daemonKeys` …, which
/// are read from here) and the man page gridd.conf(5) both use, so a key cannot be accepted
/// without being documented there, nor documented without being accepted. docs/CONFIG.md is the
/// long form (examples, precedence, what is checked).
public enum ConfigSchema {
    /// One section: `[Daemon]`, or `[Category CODE]` with its argument.
    public struct Section: Sendable {
        public let name: String
        /// `CODE` for `[Category CODE]`; `[CODE]` where the argument is optional (`[Policy]`).
        public let argument: String?
        /// The title, in English with the Chinese term beside it where there is one.
        public let title: String
        public let summary: String
        public let keys: [Key]

        /// `[Daemon]`, `[Category CODE]`, `[Policy] and [Policy CODE]`.
        public var header: String {
            switch argument {
            case nil: return "[\(name)]"
            case let argument? where argument.hasPrefix("["):
                return "[\(name)] and [\(name) \(argument.dropFirst().dropLast())]"
            case let argument?: return "[\(name) \(argument)]"
            }
        }
    }

    /// One key: `Name=` with the type of its value, its default and what it means.
    public struct Key: Sendable {
        public let name: String
        public let type: String
        /// What applies when the key is not written (`required`: the file must set it).
        public let defaultValue: String
        public let meaning: String
        /// How the man page shows it, where the key takes qualifiers (`Ack.<qualifiers>=`).
        public let shown: String?

        init(_ name: String, _ type: String, _ defaultValue: String, _ meaning: String, shown: String? = nil) {
            self.name = name
            self.type = type
            self.defaultValue = defaultValue
            self.meaning = meaning
            self.shown = shown
        }
    }

    /// The section named `name`; every name the loader asks for is declared (a test checks).
    public static func section(_ name: String) -> Section {
        guard let section = sections.first(where: { $0.name == name }) else {
            preconditionFailure("config section [\(name)] is not in ConfigSchema")
        }
        return section
    }

    /// The keys `[name]` accepts, in the order declared.
    public static func keys(_ name: String) -> [String] { section(name).keys.map(\.name) }

    /// Every section, in the order gridd.conf(5) describes them.
    public static let sections: [Section] = [daemon, limits, grid, calendar, policy, access, spool, notify, intake, evaluation, category]

    /// The value types, as gridd.conf(5) and docs/CONFIG.md name them.
    public static let valueTypes: [(String, String)] = [
        ("path", "An absolute path, or a relative one resolved as the key says."),
        ("duration", "A number and a unit, several added: 90s, 1h 30min, 2d. Units: ms, s, min, h, d (24 hours), w."),
        ("policy duration", "A duration in calendar time (as above) or in working time, counted only inside office hours on working days (工作时): ws, wmin, wh; wd is a working day (工作日), as long as a normal working day's office hours."),
        ("size", "A number of bytes with an optional K, M or G (1024-based): 64K, 1M."),
        ("count", "A whole decimal number within the key's range."),
        ("octal mode", "1 to 4 octal digits, optionally prefixed 0o: 0660."),
        ("unit code", "An administrative unit code: 6 digits for a district or city (320506, 320500), 9 for a street, 12 for a community."),
        ("tier", "community (社区), street (街道), district (区) or city (市)."),
        ("priority", "urgent, normal or low."),
        ("fraction", "0.8 or 80%."),
    ]

    static let daemon = Section(
        name: "Daemon", argument: nil, title: "where state lives",
        summary: "All keys are optional. Relative paths, except StateDirectory=, are resolved against the state directory. Under systemd the daemon prefers $STATE_DIRECTORY, $RUNTIME_DIRECTORY and $LOGS_DIRECTORY for paths the file does not set.",
        keys: [
            Key("StateDirectory", "path", "var", "Where the database, spool and (outside systemd) socket and log live. A relative path is resolved against the working directory."),
            Key("Socket", "path", "gridd.sock in the runtime directory or state directory", "The Unix socket gridctl talks to."),
            Key("Database", "path", "gridd.sqlite in the state directory", "The SQLite database (WAL), created 0640 whatever the umask, with its .identity file beside it."),
            Key("Spool", "path", "spool in the state directory", "The spool directory (tmp/, new/, rejected/) report files are dropped into (投递目录)."),
            Key("LogDirectory", "path", "the logs directory, or the state directory", "Where dispatch.log (派遣日志) is written."),
            Key("SocketMode", "octal mode", "0660", "Permissions of the socket: who may connect (peer identity and roles are checked after that)."),
        ])

    static let limits = Section(
        name: "Limits", argument: nil, title: "what one client or one report may cost",
        summary: "All keys are optional. All except the report lengths and MaxBatch= keep their start-up values until gridd restarts.",
        keys: [
            Key("MaxLineBytes", "size, 1K to 64M", "64K", "A socket line longer than this is refused and the connection closed."),
            Key("IdleTimeout", "duration", "30s", "A connection that completes no request for this long and is owed no answer is closed."),
            Key("RequestTimeout", "duration", "5s", "A request line must be complete this long after its first byte, or the connection is closed."),
            Key("MaxConnections", "count, 1 to 1000000", "1024", "Connections beyond this are refused at accept."),
            Key("MaxConnectionsPerUser", "count, 1 to 1000000", "256", "Open connections allowed from one peer uid; no uid is exempt, root included."),
            Key("ReservedConnections", "count, 0 to 1000000", "8", "The last connections of MaxConnections=, kept for operators and admins."),
            Key("GroupCommitMax", "count, 1 to 100000", "4096", "The most writes folded into one SQLite transaction (a batch counts its reports)."),
            Key("MaxBatch", "count, 1 to 100000", "500", "The most reports in one submit with reports (a gateway's batch); a longer batch is refused whole."),
            Key("MaxTitleLength", "count", "100", "Longest report title, in characters."),
            Key("MaxDescriptionLength", "count", "2000", "Longest description."),
            Key("MaxAddressLength", "count", "200", "Longest address."),
            Key("MaxKeyLength", "count", "128", "Longest idempotency key."),
            Key("MaxReporterNameLength", "count", "50", "Longest reporter name."),
            Key("TailBacklog", "count, 0 to 1000000", "1000", "Dispatch-log lines kept in memory for gridctl tail to start from."),
            Key("TailQueue", "count, 1 to 1000000", "1000", "Lines a following tail client may have waiting before it misses some (it is told how many)."),
            Key("StopTimeout", "duration", "24s", "How long a graceful stop (SIGTERM, SIGINT) may wait, in all, for work in flight. Keep it below the unit's TimeoutStopSec=."),
        ])

    static let grid = Section(
        name: "Grid", argument: nil, title: "the map (网格地图) and where unroutable reports go",
        summary: "Required section.",
        keys: [
            Key("Map", "path", "required", "The grid map (GeoJSON: districts 区, streets 街道, communities 社区, cells 网格). A relative path is resolved against the directory of the config file."),
            Key("FallbackUnit", "unit code", "required", "The unit that takes reports no cell matches; they are never dropped. A unit of the map, or CityCode=."),
            Key("CityCode", "unit code (city)", "none", "The top tier's unit (市): 6 digits ending in 00."),
            Key("CityName", "text", "none", "For display, e.g. 江州市."),
        ])

    static let calendar = Section(
        name: "Calendar", argument: nil, title: "the working calendar (工作日历)",
        summary: "Optional section: the office hours and days that working-time windows (wh, wd) count.",
        keys: [
            Key("TimeZone", "IANA zone", "Asia/Shanghai", "The zone of the office hours; every time gridd prints for people is in it, with its offset."),
            Key("OfficeHours", "intervals", "08:30-12:00, 14:30-18:00", "The office intervals of a working day; the gap between them is the lunch break."),
            Key("Weekend", "weekdays", "Sat Sun", "Days off unless a holiday file lists them as work (调休). none for no weekend."),
            Key("Holidays", "path, repeatable", "none", "A holiday file (法定节假日, one per year), relative to the config file's directory. An empty Holidays= clears the files listed before it."),
        ])
}
