import Glibc

/// Descriptors passed by systemd's socket activation (sd_listen_fds(3)): `$LISTEN_FDS`
/// descriptors starting at 3, meant for this process only if `$LISTEN_PID` is our pid, named by
/// the colon-separated `$LISTEN_FDNAMES` (`FileDescriptorName=` in the .socket unit).
public enum SocketActivation {
    /// The first descriptor systemd passes (SD_LISTEN_FDS_START).
    public static let firstDescriptor: Int32 = 3

    /// One passed descriptor.
    public struct Passed: Sendable, Equatable {
        public var fd: FileDescriptor
        /// Its name from `$LISTEN_FDNAMES`, or `unknown` (systemd's default) when none is given.
        public var name: String
        /// Whether it is a listening stream socket (SOCK_STREAM with SO_ACCEPTCONN).
        public var isListeningStreamSocket: Bool
        /// The path it is bound to (nil for an unnamed or abstract socket or a non-Unix one).
        public var boundPath: String?
    }

    /// Takes the passed descriptors: checks `$LISTEN_PID`, marks each descriptor close-on-exec,
    /// and unsets the three variables (so that nothing started later believes they are its own).
    /// Returns an empty array when the process was not socket-activated. Call it early, while
    /// the process has one thread (unsetenv is not thread-safe).
    public static func take(
        environment: (String) -> String? = Files.environment, unset: (String) -> Void = { unsetenv($0) },
        pid: Int32 = getpid()
    ) -> [Passed] {
        defer {
            for name in ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"] { unset(name) }
        }
        guard let pidText = environment("LISTEN_PID"), let listenPID = Int32(pidText), listenPID == pid else { return [] }
        guard let countText = environment("LISTEN_FDS"), let count = Int32(countText), count > 0, count < 4096 else { return [] }
        let names = environment("LISTEN_FDNAMES").map { $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init) } ?? []
        var passed: [Passed] = []
        for offset in 0..<count {
            let fd = firstDescriptor + offset
            let flags = fcntl(fd, F_GETFD)
            guard flags >= 0 else { continue }  // not open: nothing to take
            _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC)
            let name = Int(offset) < names.count && !names[Int(offset)].isEmpty ? names[Int(offset)] : "unknown"
            passed.append(Passed(
                fd: FileDescriptor(rawValue: fd), name: name, isListeningStreamSocket: isListeningStreamSocket(fd),
                boundPath: boundPath(fd)))
        }
        return passed
    }

    /// The listening socket to serve: the stream socket named `name`, else the first listening
    /// stream socket. The others are closed (gridd serves one socket).
    public static func chooseListener(from passed: [Passed], named name: String) -> Passed? {
        let sockets = passed.filter(\.isListeningStreamSocket)
        let chosen = sockets.first { $0.name == name } ?? sockets.first
        for other in passed where other.fd != chosen?.fd { other.fd.close() }
        return chosen
    }

    private static func isListeningStreamSocket(_ fd: Int32) -> Bool {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK else { return false }
        func option(_ name: Int32) -> Int32? {
            var value: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            return getsockopt(fd, SOL_SOCKET, name, &value, &length) == 0 ? value : nil
        }
        return option(SO_TYPE) == Int32(SOCK_STREAM.rawValue) && option(SO_ACCEPTCONN) == 1
    }

    private static func boundPath(_ fd: Int32) -> String? {
        var address = sockaddr_un()
        var length = socklen_t(MemoryLayout<sockaddr_un>.size)
        let status = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard status == 0, address.sun_family == sa_family_t(AF_UNIX) else { return nil }
        let bytes = withUnsafeBytes(of: &address.sun_path) { Array($0) }
        guard let first = bytes.first, first != 0 else { return nil }  // unnamed or abstract
        return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }
}
