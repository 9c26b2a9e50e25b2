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
    private let address: sockaddr_un
    private let addressLength: socklen_t

    /// The socket named by `$NOTIFY_SOCKET`, or nil when it is unset or empty (not under systemd).
    public static func fromEnvironment(_ environment: (String) -> String? = Files.environment) throws(Errno) -> ServiceNotifySocket? {
        guard let path = environment("NOTIFY_SOCKET"), !path.isEmpty else { return nil }
        return try ServiceNotifySocket(path: path)
    }

    public init(path: String) throws(Errno) {
        var bytes = Array(path.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        guard abstract || bytes.first == UInt8(ascii: "/") else {
            throw Errno(code: EAFNOSUPPORT, call: "NOTIFY_SOCKET=\(path): neither an absolute path nor @abstract")
        }
        if abstract { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)
        guard bytes.count < capacity else {
            throw Errno(code: ENAMETOOLONG, call: "NOTIFY_SOCKET=\(path)")
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.initializeMemory(as: UInt8.self, repeating: 0)
            raw.copyBytes(from: bytes)
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path) ?? 2
        // Abstract addresses are exactly as long as their bytes; paths include the NUL.
        addressLength = socklen_t(pathOffset + bytes.count + (abstract ? 0 : 1))
        self.address = address
        self.path = path
        fd = try retryingInterrupts("socket(AF_UNIX, SOCK_DGRAM)") {
            socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
    }

    deinit { Glibc.close(fd) }

    /// Sends one notification, e.g. `"READY=1\nSTATUS=serving"`.
    public func send(_ message: String) throws(Errno) {
        var address = self.address
        let bytes = Array(message.utf8)
        let sent = try retryingInterrupts("sendto(NOTIFY_SOCKET=\(path))") {
            bytes.withUnsafeBytes { buffer in
                withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL), $0, addressLength)
                    }
                }
            }
        }
        if sent != bytes.count { throw Errno(code: EMSGSIZE, call: "sendto(NOTIFY_SOCKET=\(path)): short datagram") }
    }
}
