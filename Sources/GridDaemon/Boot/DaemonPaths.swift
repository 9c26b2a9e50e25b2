import GridCore
import GridSystem

/// Where the daemon keeps its state. Precedence: command line, then systemd's directories
/// ($STATE_DIRECTORY, $RUNTIME_DIRECTORY, $LOGS_DIRECTORY), then the config file, then defaults
/// under the state directory.
public struct DaemonPaths: Sendable, Equatable {
    public var stateDirectory: String
    public var database: String
    public var spool: String
    public var socket: String
    public var logDirectory: String
    public var dispatchLog: String { logDirectory + "/dispatch.log" }

    public init(config: GridConfig, options: DaemonOptions, environment: (String) -> String? = Files.environment) {
        let workingDirectory = Files.currentDirectory()
        func firstPath(_ name: String) -> String? {
            environment(name)?.split(separator: ":").first.map(String.init)
        }
        let state = Files.absolute(
            options.stateDirectory ?? firstPath("STATE_DIRECTORY") ?? config.daemon.stateDirectory, against: workingDirectory)
        func underState(_ path: String?, _ fallback: String) -> String {
            Files.absolute(path ?? fallback, against: state)
        }
        stateDirectory = state
        database = underState(config.daemon.databasePath, "gridd.sqlite")
        spool = underState(config.daemon.spoolDirectory, "spool")
        if let socket = options.socketPath {
            self.socket = Files.absolute(socket, against: workingDirectory)
        } else if options.stateDirectory == nil, let runtime = firstPath("RUNTIME_DIRECTORY") {
            self.socket = runtime + "/gridd.sock"
        } else {
            self.socket = underState(options.stateDirectory == nil ? config.daemon.socketPath : nil, "gridd.sock")
        }
        if options.stateDirectory == nil, let logs = firstPath("LOGS_DIRECTORY") {
            logDirectory = logs
        } else {
            logDirectory = underState(options.stateDirectory == nil ? config.daemon.logDirectory : nil, ".")
        }
        if logDirectory.hasSuffix("/.") { logDirectory.removeLast(2) }
    }

    /// Creates the state and log directories and the socket's, where missing (mode 0750).
    func makeDirectories() throws(Errno) {
        for directory in [stateDirectory, logDirectory, Self.parent(of: socket)] {
            try Files.makeDirectories(directory, mode: 0o750)
        }
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
