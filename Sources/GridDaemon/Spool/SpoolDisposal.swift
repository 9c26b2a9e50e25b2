import GridCore
import GridSystem
import Glibc

/// What becomes of a file of new/ once its fate is known: removed after its reports are
/// committed, or moved to rejected/ with a `.reason` beside it, or (bad lines of a JSON Lines
/// file) its refused lines written to rejected/ first. Runs on the spool's work queue.
struct SpoolDisposal: Sendable {
    let layout: SpoolLayout
    let log: DispatchLog
    let clock: any WallClock

    /// Removes a file whose every report is committed (or whose refused lines are in rejected/).
    /// No fsync of new/: if the unlink is lost in a crash, the file is taken again and its reports
    /// are found by their keys (`created: false`), so nothing is stored twice.
    func remove(_ name: String) -> Errno? {
        do throws(Errno) {
            try Directory.unlink(layout.new + "/" + name)
            return nil
        } catch where error.is(ENOENT) {
            return nil
        } catch {
            return error
        }
    }

    /// Moves the file (the entry itself: a symbolic link is moved, not followed) to
    /// rejected/NAME (NAME.1, NAME.2, … if taken), writes NAME.reason, and logs it.
    /// Returns the name it was given in rejected/, or nil when it could not be moved.
    @discardableResult
    func rejectWhole(_ name: String, _ rejection: SpoolRejection) -> String? {
        let target = freeName(name)
        do throws(Errno) {
            try Directory.rename(layout.new + "/" + name, to: layout.rejected + "/" + target)
        } catch {
            if !error.is(ENOENT) {
                log.log(.error, "spool_reject_failed", [("file", name), ("error", error.description)])
            }
            return nil
        }
        writeReason(rejection, file: name, rejectedAs: target)
        syncRejected()
        logRejected(rejection, file: name, rejectedAs: target)
        return target
    }

    /// Moves an entry whose name is not UTF-8 to rejected/ under a printable name; false when
    /// it was not there any more (taken by an earlier event or scan) or could not be moved.
    @discardableResult
    func rejectBadName(_ bytes: [UInt8]) -> Bool {
        let printable = String(decoding: bytes, as: UTF8.self).map { $0 == "\u{FFFD}" || $0 == "/" ? "_" : $0 }
        let target = freeName("bad-name." + String(printable))
        let rejection = SpoolRejection(code: "bad_name", message: "the file name is not UTF-8")
        do throws(Errno) {
            try Directory.rename(directory: layout.new, name: bytes, to: layout.rejected + "/" + target)
        } catch {
            if !error.is(ENOENT) {
                log.log(.error, "spool_reject_failed", [("file", target), ("error", error.description)])
            }
            return false
        }
        writeReason(rejection, file: target, rejectedAs: target)
        syncRejected()
        logRejected(rejection, file: target, rejectedAs: target)
        return true
    }

    /// Writes each refused line of a JSON Lines file to rejected/NAME.line-N with its `.reason`,
    /// durably, before the file itself is removed. A file re-run after a crash writes the same
    /// names again (overwriting), so a refused line is never lost nor multiplied.
    /// Returns false when something could not be written (the file is then left in new/).
    func rejectLines(_ name: String, _ lines: [(SpoolRejection, ArraySlice<UInt8>)]) -> Bool {
        for (rejection, bytes) in lines {
            let target = "\(name).line-\(rejection.line ?? 0)"
            do throws(Errno) {
                try Directory.writeFile(layout.rejected + "/" + target, Array(bytes) + [0x0A])
                try Directory.writeFile(
                    layout.rejected + "/" + target + ".reason",
                    rejection.reasonJSON(file: name, rejectedAs: target, at: clock.now()))
            } catch {
                log.log(.error, "spool_reject_failed", [("file", name), ("line", String(rejection.line ?? 0)), ("error", error.description)])
                return false
            }
        }
        syncRejected()
        for (rejection, _) in lines {
            logRejected(rejection, file: name, rejectedAs: "\(name).line-\(rejection.line ?? 0)")
        }
        return true
    }

    private func writeReason(_ rejection: SpoolRejection, file: String, rejectedAs target: String) {
        do throws(Errno) {
            try Directory.writeFile(
                layout.rejected + "/" + target + ".reason", rejection.reasonJSON(file: file, rejectedAs: target, at: clock.now()))
        } catch {
            log.log(.error, "spool_reject_failed", [("file", file), ("error", error.description)])
        }
    }

    private func logRejected(_ rejection: SpoolRejection, file: String, rejectedAs target: String) {
        log.log(.error, "spool_rejected", [
            ("file", file), ("line", rejection.line.map(String.init) ?? "-"), ("code", rejection.code),
            ("message", rejection.message), ("rejected_as", target),
        ])
    }

    private func syncRejected() {
        try? Directory.sync(layout.rejected)
    }

    /// `name`, or `name.1`, `name.2`, … whichever is free in rejected/ (with its `.reason`).
    private func freeName(_ name: String) -> String {
        var candidate = name
        var suffix = 0
        while exists(layout.rejected + "/" + candidate) || exists(layout.rejected + "/" + candidate + ".reason") {
            suffix += 1
            candidate = "\(name).\(suffix)"
        }
        return candidate
    }

    private func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}
