import CLinux
import Glibc

/// File-system helpers the daemon and the client share.
public enum Files {
    /// mkdir -p with `mode` for the directories it creates.
    public static func makeDirectories(_ path: String, mode: mode_t = 0o755) throws(Errno) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, mode) != 0 {
                let code = errno
                if code != EEXIST { throw Errno(code: code, call: "mkdir(\(prefix))") }
            }
            prefix += "/"
        }
    }

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Reads a whole file (up to `limit` bytes).
    public static func read(_ path: String, limit: Int = 256 << 20) throws(Errno) -> [UInt8] {
        let fd = try FileDescriptor.open(path, O_RDONLY)
        defer { fd.close() }
        return try fd.readAll(limit: limit)
    }

    /// Creates or truncates the file at `path` (mode 0644 before the umask) and writes `bytes`.
    public static func write(_ bytes: [UInt8], to path: String) throws(Errno) {
        let fd = try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_TRUNC)
        defer { fd.close() }
        try fd.writeAll(bytes)
    }

    /// unlink(2) of `path`.
    public static func remove(_ path: String) throws(Errno) {
        _ = try retryingInterrupts("unlink(\(path))") { unlink(path) }
    }

    /// The absolute form of `path` against `base` (no symlink resolution).
    public static func absolute(_ path: String, against base: String) -> String {
        if path.hasPrefix("/") { return path }
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }

    public static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The whole environment as `NAME=value` strings, without the variables named in `removing`.
    public static func environmentEntries(removing names: Set<String> = []) -> [String] {
        var entries: [String] = []
        guard var cursor = clinux_environ() else { return entries }
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            let name = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? text
            if !names.contains(name) { entries.append(text) }
            cursor += 1
        }
        return entries
    }

    public static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
