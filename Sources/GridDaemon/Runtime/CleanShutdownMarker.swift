import GridSystem
import Glibc

/// A file beside the database (`gridd.sqlite.clean-shutdown`) written after the store closed
/// cleanly and removed at the next start. Its presence at start means nothing but this daemon
/// wrote the database since it was last checked, so the O(size) `PRAGMA quick_check` can be
/// skipped and a large database still starts in a second; after a crash it is absent and the
/// check runs.
struct CleanShutdownMarker {
    let path: String

    init(database: String) { path = database + ".clean-shutdown" }

    /// Whether the last shutdown was clean; removes the marker either way.
    func consume() -> Bool {
        let present = Files.exists(path)
        unlink(path)
        return present
    }

    func write() {
        if let fd = try? FileDescriptor.open(path, O_WRONLY | O_CREAT | O_TRUNC, mode: 0o640) {
            try? fd.fsync()
            fd.close()
        }
    }
}
