import GridCore
import GridSystem

/// The spool directory of a mail queue: producers write into `tmp/`, fsync, and `rename()` into
/// `new/` (one atomic step, so a file in `new/` is complete); the daemon takes files from `new/`
/// and moves what it refuses into `rejected/`, each with a `.reason` file beside it.
public struct SpoolLayout: Sendable, Equatable {
    public let root: String
    public var tmp: String { root + "/tmp" }
    public var new: String { root + "/new" }
    public var rejected: String { root + "/rejected" }

    public init(root: String) { self.root = root }

    /// Creates the three directories (mode 0770 for tmp/ and new/: producers in the daemon's group
    /// may drop files; 0750 for rejected/).
    public func create() throws(Errno) {
        try Files.makeDirectories(root, mode: 0o750)
        try Files.makeDirectories(tmp, mode: 0o770)
        try Files.makeDirectories(new, mode: 0o770)
        try Files.makeDirectories(rejected, mode: 0o750)
    }

    /// The name of an entry of new/ as the daemon takes it, or nil for a bad name: bytes that are
    /// not UTF-8, or a name holding a control character (`ControlCharacters`: a line separator or a
    /// bidi override in a name would stand in every key, log line and `.reason` made from it).
    public static func acceptableName(_ bytes: [UInt8]) -> String? {
        guard let name = String(validating: bytes, as: UTF8.self), ControlCharacters.first(in: name) == nil else { return nil }
        return name
    }

    /// Why `acceptableName` refused `bytes`, for the `.reason` of a `bad_name` rejection.
    public static func badNameMessage(_ bytes: [UInt8]) -> String {
        guard let name = String(validating: bytes, as: UTF8.self), let (scalar, offset) = ControlCharacters.first(in: name) else {
            return "the file name is not UTF-8"
        }
        return "the file name holds the control character \(ControlCharacters.name(scalar)) at character \(offset + 1)"
    }

    /// The idempotency key of a report without a `key` of its own: `spool:NAME#LINE:DIGEST`, where
    /// LINE is 1-based (1 for a single-report file) and DIGEST the first 16 hex digits (64 bits) of
    /// the SHA-256 of the report's bytes (the line without its line end, or the whole file for a
    /// single-report file). A file taken again after a crash finds its committed reports under the
    /// same keys; a new file under a name used before (a device writing `device7.jsonl` again)
    /// gets new keys, so its reports are never dropped as duplicates of the old ones.
    public static func key(file name: String, line: Int, bytes: ArraySlice<UInt8>) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return "spool:\(name)#\(line):" + SHA256.hexString(hasher.finalize().prefix(8))
    }
}
