/// One of gridd's options: how it is spelled, the name of its value (nil for a switch) and what it
/// does, in one line that `gridd --help` wraps and gridd(8) fills.
public struct DaemonOptionSpec: Sendable {
    public let spellings: [String]
    public let value: String?
    public let help: String

    init(_ spellings: String..., value: String? = nil, help: String) {
        self.spellings = spellings
        self.value = value
        self.help = help
    }

    /// `--config FILE`, `-h, --help`.
    public var display: String { spellings.joined(separator: ", ") + (value.map { " " + $0 } ?? "") }
}

extension DaemonOptions {
    /// gridd's options, in the order `--help` and gridd(8) list them: the parser takes these and
    /// no others (a test walks the table through the parser).
    public static let table: [DaemonOptionSpec] = [
        DaemonOptionSpec(
            "--config", value: "FILE",
            help: "the configuration file (default Config/gridd.conf if present, else $CONFIGURATION_DIRECTORY/gridd.conf, else /etc/gridd/gridd.conf)"),
        DaemonOptionSpec("--state-dir", value: "DIR", help: "where the database, spool and (unless --socket) the socket live"),
        DaemonOptionSpec("--socket", value: "PATH", help: "the Unix socket to listen on"),
        DaemonOptionSpec("--time-scale", value: "N", help: "drill mode: run the daemon's clock N times faster than the wall clock"),
        DaemonOptionSpec(
            "--start-at", value: "TIME",
            help: "drill mode: start the daemon's clock at TIME (RFC 3339), e.g. the eve of a holiday: 2026-09-30T17:00:00+08:00"),
        DaemonOptionSpec(
            "--check-config",
            help: "validate the configuration and the grid map, print file:line: message for every problem, exit 0 if clean, 1 otherwise"),
        DaemonOptionSpec(
            "--restore", value: "BACKUP",
            help: "with gridd stopped: check BACKUP (a file `gridctl backup` wrote), set the database and its -wal aside as <database>.before-restore-TIME, put BACKUP in its place (mode 0640, the old database's owner), exit"),
        DaemonOptionSpec(
            "--man", value: "PAGE",
            help: "print the man page gridd.8 or gridd.conf.5 in roff (what man/ holds) and exit"),
        DaemonOptionSpec("--version", help: "print the version"),
        DaemonOptionSpec("-h", "--help", help: "print this help"),
    ]
}
