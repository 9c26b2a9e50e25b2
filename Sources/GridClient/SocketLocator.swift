import GridSystem

/// Where gridctl looks for the daemon: `--socket`, then `$GRIDD_SOCKET`, then `./var/gridd.sock`
/// where it belongs to the user running gridctl (a checkout's own daemon: `CheckoutState`), then
/// `/run/gridd/gridd.sock` (systemd).
public enum SocketLocator {
    public static let systemPath = "/run/gridd/gridd.sock"

    /// The socket to use; `warn` hears why a `./var/gridd.sock` that is there was passed over.
    public static func resolve(
        flag: String?, environment: (String) -> String? = Files.environment, warn: (String) -> Void = { _ in }
    ) -> DaemonSocket {
        if let flag { return DaemonSocket(path: flag) }
        if let fromEnvironment = environment("GRIDD_SOCKET"), !fromEnvironment.isEmpty { return DaemonSocket(path: fromEnvironment) }
        switch CheckoutState.socket() {
        case .trusted(let path, let name): return DaemonSocket(path: path, name: name)
        case .refused(let reason): warn("\(reason); using \(systemPath)")
        case .absent: break
        }
        return DaemonSocket(path: systemPath)
    }
}

/// A daemon socket to connect to: the path given to connect(2), and the name messages use (they
/// differ for a checkout's socket, which is reached through the checked `./var`).
public struct DaemonSocket: Sendable, Equatable {
    public var path: String
    public var name: String
    /// The language of the connection's errors.
    public var language: Language = .en

    public init(path: String, name: String? = nil) {
        self.path = path
        self.name = name ?? path
    }

    public func connect(timeoutMilliseconds: Int32 = 30_000) throws(ClientError) -> GridConnection {
        try GridConnection(path: path, name: name, timeoutMilliseconds: timeoutMilliseconds, language: language)
    }
}
