import GridCore
import GridSystem

/// gridd's command line: `gridd [--config FILE] [--state-dir DIR] [--socket PATH] [--check-config]`.
public struct DaemonOptions: Sendable, Equatable {
    public var configPath: String?
    public var stateDirectory: String?
    public var socketPath: String?
    /// Drill mode: the daemon's clock runs this many times faster than the wall clock.
    public var timeScale: Double = 1
    /// Drill mode: the daemon's clock starts at this moment.
    public var startAt: Timestamp?
    public var checkConfigOnly = false
    public var showVersion = false
    public var showHelp = false

    public init() {}

    public static let usage = """
        usage: gridd [--config FILE] [--state-dir DIR] [--socket PATH] [--time-scale N] [--start-at TIME]
               gridd --check-config [--config FILE]

        Runs the grid incident dispatcher. With no flags, from a checkout, it reads Config/gridd.conf
        and keeps its database, spool, socket and dispatch log under ./var/.

          --config FILE     the configuration file (default Config/gridd.conf if present,
                            else $CONFIGURATION_DIRECTORY/gridd.conf, else /etc/gridd/gridd.conf)
          --state-dir DIR   where the database, spool and (unless --socket) the socket live
          --socket PATH     the Unix socket to listen on
          --time-scale N    drill mode: run the daemon's clock N times faster than the wall clock
          --start-at TIME   drill mode: start the daemon's clock at TIME (RFC 3339), e.g. the eve of
                            a holiday: 2026-09-30T17:00:00+08:00
          --check-config    validate the configuration and the grid map, print file:line: message
                            for every problem, exit 0 if clean, 1 otherwise
          --version         print the version
          -h, --help        print this help

        """

    /// Parses arguments (without the program name); the error is a usage message.
    public static func parse(_ arguments: [String]) throws(GridError) -> DaemonOptions {
        var options = DaemonOptions()
        var index = 0
        func value(_ flag: String) throws(GridError) -> String {
            index += 1
            guard index < arguments.count, !arguments[index].isEmpty else { throw GridError(.badRequest, "\(flag) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--config": options.configPath = try value(argument)
            case "--state-dir": options.stateDirectory = try value(argument)
            case "--socket": options.socketPath = try value(argument)
            case "--time-scale":
                let text = try value(argument)
                guard let scale = Double(text), scale.isFinite, scale > 0, scale <= 1_000_000 else {
                    throw GridError(.badRequest, "--time-scale needs a number between 0 and 1000000, not \(text)")
                }
                options.timeScale = scale
            case "--start-at":
                let text = try value(argument)
                guard let time = Timestamp(rfc3339: text) else {
                    throw GridError(.badRequest, "--start-at needs an RFC 3339 time such as 2026-09-30T17:00:00+08:00, not \(text)")
                }
                options.startAt = time
            case "--check-config": options.checkConfigOnly = true
            case "--version": options.showVersion = true
            case "-h", "--help": options.showHelp = true
            default:
                if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                    let flag = String(argument[..<equals])
                    let rest = String(argument[argument.index(after: equals)...])
                    guard ["--config", "--state-dir", "--socket"].contains(flag), !rest.isEmpty else {
                        throw GridError(.badRequest, "unknown option \(argument)")
                    }
                    switch flag {
                    case "--config": options.configPath = rest
                    case "--state-dir": options.stateDirectory = rest
                    default: options.socketPath = rest
                    }
                } else {
                    throw GridError(.badRequest, "unknown argument \(argument)")
                }
            }
            index += 1
        }
        return options
    }

    /// The config file to read: the flag, else the checkout's, else systemd's, else /etc.
    public func resolvedConfigPath() -> String {
        if let configPath { return configPath }
        if Files.exists("Config/gridd.conf") { return "Config/gridd.conf" }
        if let directory = Files.environment("CONFIGURATION_DIRECTORY")?.split(separator: ":").first {
            return "\(directory)/gridd.conf"
        }
        return "/etc/gridd/gridd.conf"
    }
}

/// The version gridd and gridctl report.
public enum GriddVersion {
    public static let current = "0.1.0"
}
