import Glibc

/// A Unix signal, by name (after swift-service-lifecycle's `UnixSignal`), so that the daemon can
/// say which signals it handles without Glibc's constants.
public struct UnixSignal: Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32

    public static let sigterm = UnixSignal(rawValue: SIGTERM)
    public static let sigint = UnixSignal(rawValue: SIGINT)
    public static let sighup = UnixSignal(rawValue: SIGHUP)
    public static let sigusr1 = UnixSignal(rawValue: SIGUSR1)
    public static let sigpipe = UnixSignal(rawValue: SIGPIPE)

    public var description: String {
        switch rawValue {
        case SIGTERM: return "SIGTERM"
        case SIGINT: return "SIGINT"
        case SIGHUP: return "SIGHUP"
        case SIGUSR1: return "SIGUSR1"
        case SIGPIPE: return "SIGPIPE"
        default: return "signal \(rawValue)"
        }
    }

    /// Sets the signal's disposition to "ignore" (signal(2) with SIG_IGN): a handler installed
    /// with a Dispatch signal source then gets it instead of the default action.
    public func ignore() { _ = signal(rawValue, SIG_IGN) }
}

/// What a process does to itself: its exit, and what the machine it runs on offers it.
public enum ProcessControl {
    /// exit(3): flushes stdio and ends the process with `status`.
    public static func exit(_ status: Int32) -> Never { Glibc.exit(status) }

    /// The processors online now (sysconf(_SC_NPROCESSORS_ONLN)), at least 1.
    public static func onlineProcessorCount() -> Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}

extension Files {
    /// Whether this process may execute `path` (access(2) with X_OK).
    public static func isExecutable(_ path: String) -> Bool { access(path, X_OK) == 0 }
}
