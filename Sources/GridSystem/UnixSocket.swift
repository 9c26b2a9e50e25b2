import CLinux
import Glibc

/// Unix stream sockets: listening, connecting, accepting, and the peer's credentials.
public enum UnixSocket {
    /// The most bytes a socket path may have (sun_path less its terminating NUL).
    public static let maxPathLength = 107

    /// Creates, binds and listens on `path`, removing a stale socket file first (only a socket:
    /// any other kind of file at the path is an error), then chmods it to `mode`.
    public static func listen(path: String, backlog: Int32 = 512, mode: mode_t = 0o660) throws(Errno) -> FileDescriptor {
        let address = try makeAddress(path)
        var info = stat()
        if lstat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFSOCK else { throw Errno(code: EEXIST, call: "bind(\(path)): not a socket") }
            if isListening(path) { throw Errno(code: EADDRINUSE, call: "bind(\(path)): another daemon is listening") }
            unlink(path)
        }
        let fd = try retryingInterrupts("socket") { socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        let descriptor = FileDescriptor(rawValue: fd)
        do throws(Errno) {
            _ = try retryingInterrupts("bind(\(path))") { address.withSockaddr { bind(fd, $0, $1) } }
            _ = try retryingInterrupts("chmod(\(path))") { chmod(path, mode) }
            _ = try retryingInterrupts("listen(\(path))") { Glibc.listen(fd, backlog) }
            try descriptor.setNonBlocking()
        } catch {
            descriptor.close()
            throw error
        }
        return descriptor
    }

    /// Connects (blocking) to the socket at `path`.
    public static func connect(path: String) throws(Errno) -> FileDescriptor {
        let address = try makeAddress(path)
        let fd = try retryingInterrupts("socket") { socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        do throws(Errno) {
            _ = try retryingInterrupts("connect(\(path))") { address.withSockaddr { Glibc.connect(fd, $0, $1) } }
        } catch {
            Glibc.close(fd)
            throw error
        }
        return FileDescriptor(rawValue: fd)
    }

    /// Accepts one connection as a non-blocking, close-on-exec descriptor; `.wouldBlock` when
    /// none is waiting (or the one waiting was aborted by its client: ECONNABORTED, taken as
    /// nothing to accept now; the listener stays readable if more are waiting).
    public static func accept(_ listener: FileDescriptor) throws(Errno) -> IOResult<FileDescriptor> {
        do throws(Errno) {
            switch try nonBlocking("accept4", { clinux_accept_nonblocking(listener.rawValue) }) {
            case .processed(let fd): return .processed(FileDescriptor(rawValue: fd))
            case .wouldBlock: return .wouldBlock
            }
        } catch where error.is(ECONNABORTED) {
            return .wouldBlock
        }
    }

    /// Sends all of `bytes` on a connected socket (blocking), with MSG_NOSIGNAL: a peer that
    /// has closed makes it throw EPIPE instead of killing the process with SIGPIPE.
    public static func sendAll(_ fd: FileDescriptor, _ bytes: some Collection<UInt8>) throws(Errno) {
        let array = Array(bytes)
        var offset = 0
        while offset < array.count {
            let sent = array.withUnsafeBytes { buffer in
                Glibc.send(fd.rawValue, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                let code = errno
                if code == EINTR { continue }
                throw Errno(code: code, call: "send")
            }
            offset += sent
        }
    }

    /// The credentials of the process at the other end (SO_PEERCRED), taken when it connected. The
    /// pid is for logs only: by the time anyone looks, it may be another process's.
    public static func peerCredentials(_ fd: FileDescriptor) throws(Errno) -> (pid: Int32, uid: UInt32, gid: UInt32) {
        var credentials = clinux_peer_credentials()
        _ = try retryingInterrupts("getsockopt(SO_PEERCRED)") { clinux_peer_credentials_get(fd.rawValue, &credentials) }
        return (credentials.pid, credentials.uid, credentials.gid)
    }

    /// The supplementary groups of the process at the other end (SO_PEERGROUPS, Linux 4.13), as
    /// the kernel recorded them when it connected — like SO_PEERCRED, and unlike anything read
    /// from /proc by pid, which may have exited or been reused by then. The buffer starts at
    /// `initialCapacity` groups and grows to what the kernel says it needs (ERANGE).
    public static func peerGroups(_ fd: FileDescriptor, initialCapacity: Int = 32) throws(Errno) -> [UInt32] {
        var capacity = max(1, initialCapacity)
        while true {
            var groups = [gid_t](repeating: 0, count: capacity)
            var count = Int32(capacity)
            do throws(Errno) {
                _ = try retryingInterrupts("getsockopt(SO_PEERGROUPS)") {
                    groups.withUnsafeMutableBufferPointer { clinux_peer_groups_get(fd.rawValue, $0.baseAddress, &count) }
                }
                return Array(groups.prefix(Int(count)))
            } catch where error.is(ERANGE) && Int(count) > capacity {
                capacity = Int(count)
            }
        }
    }

    /// Whether something accepts connections at `path` right now.
    public static func isListening(_ path: String) -> Bool {
        guard let fd = try? connect(path: path) else { return false }
        fd.close()
        return true
    }

    private static func makeAddress(_ path: String) throws(Errno) -> UnixSocketAddress {
        try UnixSocketAddress.path(path, call: "socket path \(path) (\(path.utf8.count) bytes, at most \(maxPathLength))")
    }
}
