import GridSystem
import Glibc

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

    /// The idempotency key of the report on `line` (1-based; 1 for a single-report file) of the
    /// spool file `name`, for a report that carries no `key` of its own.
    public static func key(file name: String, line: Int) -> String { "spool:\(name)#\(line)" }
}
