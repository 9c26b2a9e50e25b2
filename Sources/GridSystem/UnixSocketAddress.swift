import Glibc

/// The address of a Unix socket (`sockaddr_un`), built in one place for every socket gridd binds,
/// connects or sends to: a path in the file system (NUL-terminated), or a name in the abstract
/// namespace (a leading NUL, not terminated: exactly as long as its bytes). Public for the tests
/// that bind a socket of their own (a `$NOTIFY_SOCKET` receiver), so that they build none by hand.
public struct UnixSocketAddress: Sendable {
    /// The bytes `sun_path` holds at most (108 on Linux).
    public static let pathCapacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)

    private var storage = sockaddr_un()
    /// The length to pass with it: up to the end of the path (and its NUL, for a path).
    public let length: socklen_t

    /// A socket at `path` in the file system: 1 to `UnixSocket.maxPathLength` bytes, else
    /// ENAMETOOLONG naming `call`.
    public static func path(_ path: String, call: @autoclosure () -> String) throws(Errno) -> UnixSocketAddress {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.count < pathCapacity else { throw Errno(code: ENAMETOOLONG, call: call()) }
        return UnixSocketAddress(bytes, terminated: true)
    }

    /// A name in the abstract namespace (given without its leading NUL), else ENAMETOOLONG.
    public static func abstract(_ name: ArraySlice<UInt8>, call: @autoclosure () -> String) throws(Errno) -> UnixSocketAddress {
        let bytes = [0] + name
        guard bytes.count < pathCapacity else { throw Errno(code: ENAMETOOLONG, call: call()) }
        return UnixSocketAddress(bytes, terminated: false)
    }

    private init(_ bytes: [UInt8], terminated: Bool) {
        storage.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &storage.sun_path) { raw in
            raw.initializeMemory(as: UInt8.self, repeating: 0)
            raw.copyBytes(from: bytes)
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path) ?? 2
        length = socklen_t(pathOffset + bytes.count + (terminated ? 1 : 0))
    }

    /// Calls `body` with the address as the `sockaddr` that bind, connect and sendto take.
    public func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        withUnsafePointer(to: storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }
}
