import GridCore
import GridSystem

/// gridd's command line: `gridd [--config FILE] [--state-dir DIR] [--socket PATH] [--check-config]`.
/// Its options are declared once, in `table` (DaemonOptions+Table.swift), which the parser,
/// `gridd --help` and the man page gridd(8) all read.
public struct DaemonOptions: Sendable, Equatable {
    public var configPath: String?
    public var stateDirectory: String?
    public var socketPath: String?
    /// Drill mode: the daemon's clock runs this many times faster than the wall clock.
    public var timeScale: Double = 1
    /// Drill mode: the daemon's clock starts at this moment.
    public var startAt: Timestamp?
    public var checkConfigOnly = false
    /// `--restore FILE`: put this backup in place of the (stopped) daemon's database and exit.
    public var restoreFrom: String?
    public var showVersion = false
    public var showHelp = false
    /// `--man gridd.8|gridd.conf.5`: print that man page (roff) and exit.
    public var manPage: String?

    public init() {}

    /// The synopsis lines of `gridd --help` and gridd(8).
    public static let synopsis = [
        "gridd [--config FILE] [--state-dir DIR] [--socket PATH] [--time-scale N] [--start-at TIME]",
        "gridd --check-config [--config FILE]",
        "gridd --restore BACKUP [--config FILE] [--state-dir DIR]",
        "gridd --man gridd.8|gridd.conf.5",
    ]

    public static let summary = """
        Runs the grid incident dispatcher. With no flags, from a checkout, it reads Config/gridd.conf \
        and keeps its database, spool, socket and dispatch log under ./var/.
        """

    /// `gridd --help`: the synopsis, the summary and every option of `table`, wrapped to 96 columns.
    public static var usage: String {
        var lines = ["usage: " + synopsis[0]] + synopsis.dropFirst().map { "       " + $0 } + [""]
        lines += TextWrap.lines(summary, width: 96) + [""]
        let column = 20
        for option in table {
            let display = option.display
            let help = TextWrap.lines(option.help, width: 96 - column)
            if display.count + 2 > column {
                lines.append("  " + display)
                lines += help.map { String(repeating: " ", count: column) + $0 }
            } else {
                lines.append("  " + display + String(repeating: " ", count: column - 2 - display.count) + help[0])
                lines += help.dropFirst().map { String(repeating: " ", count: column) + $0 }
            }
        }
        return lines.joined(separator: "\n") + "\n\n"
    }

    /// Parses arguments (without the program name); the error is a usage message. Every option
    /// is one of `table`; one that takes a value takes it as the next argument or after `=`.
    public static func parse(_ arguments: [String]) throws(GridError) -> DaemonOptions {
        var options = DaemonOptions()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            var name = argument
            var inline: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            guard let option = table.first(where: { $0.spellings.contains(name) }), inline == nil || option.value != nil else {
                throw GridError(.badRequest, argument.hasPrefix("-") ? "unknown option \(argument)" : "unknown argument \(argument)")
            }
            var value: String?
            if option.value != nil {
                if inline == nil {
                    index += 1
                    inline = index < arguments.count ? arguments[index] : nil
                }
                guard let given = inline, !given.isEmpty else { throw GridError(.badRequest, "\(name) needs a value") }
                value = given
            }
            try options.apply(option.spellings.last ?? name, value ?? "")
            index += 1
        }
        return options
    }

    /// Sets what the option `flag` (its long spelling) with `value` means.
    private mutating func apply(_ flag: String, _ value: String) throws(GridError) {
        switch flag {
        case "--config": configPath = value
        case "--state-dir": stateDirectory = value
        case "--socket": socketPath = value
        case "--time-scale":
            guard let scale = Double(value), scale.isFinite, scale > 0, scale <= 1_000_000 else {
                throw GridError(.badRequest, "--time-scale needs a number between 0 and 1000000, not \(value)")
            }
            timeScale = scale
        case "--start-at":
            guard let time = Timestamp(rfc3339: value) else {
                throw GridError(.badRequest, "--start-at needs an RFC 3339 time such as 2026-09-30T17:00:00+08:00, not \(value)")
            }
            startAt = time
        case "--check-config": checkConfigOnly = true
        case "--restore": restoreFrom = value
        case "--man":
            guard DaemonManPage.Page(rawValue: value) != nil else {
                throw GridError(.badRequest, "--man takes gridd.8 or gridd.conf.5, not \(value)")
            }
            manPage = value
        case "--version": showVersion = true
        case "--help": showHelp = true
        default: preconditionFailure("gridd option \(flag) is in DaemonOptions.table but not applied")
        }
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
