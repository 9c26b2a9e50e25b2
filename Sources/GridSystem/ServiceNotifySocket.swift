import Glibc

/// The sending side of systemd's notification protocol (sd_notify(3)): datagrams of
/// newline-separated `KEY=VALUE` assignments to the AF_UNIX socket named by `$NOTIFY_SOCKET`.
/// A path starting with `@` is in the abstract namespace (the `@` becomes a NUL byte and the
/// address is not NUL-terminated); anything else must be an absolute path.
///
/// One SOCK_DGRAM descriptor (close-on-exec) is kept open for the life of the process.
/// `send` may be called from any thread: sendto(2) on one datagram socket is atomic.
public final class ServiceNotifySocket: Sendable {
    /// Where the datagrams go, as given in the environment (for messages).
    public let path: String
    private let fd: Int32
    private let address: UnixSocketAddress

    /// The socket named by `$NOTIFY_SOCKET`, or nil when it is unset or empty (not under systemd).
    public static func fromEnvironment(_ environment: (String) -> String? = Files.environment) throws(Errno) -> ServiceNotifySocket? {
        guard let path = environment("NOTIFY_SOCKET"), !path.isEmpty else { return nil }
        return try ServiceNotifySocket(path: path)
    }

    public init(path: String) throws(Errno) {
        let bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") {
            address = try UnixSocketAddress.abstract(bytes.dropFirst(), call: "NOTIFY_SOCKET=\(path)")
        } else if bytes.first == UInt8(ascii: "/") {
            address = try UnixSocketAddress.path(path, call: "NOTIFY_SOCKET=\(path)")
        } else {
            throw Errno(code: EAFNOSUPPORT, call: "NOTIFY_SOCKET=\(path): neither an absolute path nor @abstract")
        }
        self.path = path
        fd = try retryingInterrupts("socket(AF_UNIX, SOCK_DGRAM)") {
            socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
    }

    deinit { Glibc.close(fd) }

    /// Sends one notification, e.g. `"READY=1\nSTATUS=serving"`.
    public func send(_ message: String) throws(Errno) {
        let bytes = Array(message.utf8)
        let sent = try retryingInterrupts("sendto(NOTIFY_SOCKET=\(path))") {
            bytes.withUnsafeBytes { buffer in
                address.withSockaddr { sendto(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL), $0, $1) }
            }
        }
        if sent != bytes.count { throw Errno(code: EMSGSIZE, call: "sendto(NOTIFY_SOCKET=\(path)): short datagram") }
    }
}
