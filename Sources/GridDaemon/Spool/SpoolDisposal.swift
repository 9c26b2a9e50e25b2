import GridCore
import GridSystem

/// What becomes of a file of new/ once its fate is known: removed after its reports are
/// committed, moved to rejected/ with a `.reason` beside it, removed from new/ with only a
/// `.reason` (a symbolic or hard link: never moved), or (bad lines of a JSON Lines file) its
/// refused lines written to rejected/ first. Runs on the spool's work queue.
///
/// new/ is a directory others write into, so every call is relative to a directory descriptor
/// and nothing in rejected/ is ever replaced or written through: `.reason` files and refused
/// lines are created with O_EXCL|O_NOFOLLOW (mode 0640), files are moved with
/// renameat2(RENAME_NOREPLACE), and each rejection takes a name of its own (NAME, NAME.1, …).
/// A name in new/ is removed or moved only while it is still the file that was read (device,
/// inode, size, times), else it is looked at again.
struct SpoolDisposal: Sendable {
    let layout: SpoolLayout
    let log: DispatchLog
    let clock: any WallClock
    /// A refused line already in rejected/ is taken as this one's copy only if the daemon wrote it.
    let daemonUID: UInt32 = UserDirectory.effectiveUID()

    /// What became of an entry of new/.
    enum Fate: Sendable {
        /// Removed, or moved to rejected/ (as `rejectedAs`; nil when only a `.reason` was written).
        case done(rejectedAs: String?)
        /// Not there any more.
        case gone
        /// Another file, or the file changed, since it was read: to be looked at again.
        case changed
        /// A system call failed (logged).
        case failed(Errno)
    }

    /// Removes a file whose every report is committed (or whose refused lines are in rejected/),
    /// if it is still the file that was read. No fsync of new/: if the unlink is lost in a crash,
    /// the file is taken again and its reports are found by their keys (`created: false`).
    func remove(_ name: String, in new: DirectoryDescriptor, ifUnchanged status: FileStatus) -> Fate {
        if let fate = verify(name, in: new, status) { return fate }
        do throws(Errno) {
            try new.unlink(name)
            return .done(rejectedAs: nil)
        } catch where error.isNotFound {
            return .gone
        } catch {
            return .failed(error)
        }
    }

    /// Moves the file (the entry itself, when it is still `expected`) to rejected/NAME (NAME.1,
    /// NAME.2, … if taken), with NAME.reason written first, and logs it.
    func rejectWhole(_ name: String, in new: DirectoryDescriptor, _ rejection: SpoolRejection, expected: FileStatus?) -> Fate {
        if let expected, let fate = verify(name, in: new, expected) { return fate }
        return withReason(rejection, file: name, storedAs: name, kept: true) { (rejected, target) throws(Errno) in
            try new.rename(name, to: rejected, as: target)
        }
    }

    /// Removes a symbolic link or a hard link from new/ (when it is still `expected`), never moving
    /// it (a link moved into rejected/ would stand where the daemon writes; a hard link's content
    /// belongs to another file), and writes NAME.reason saying so.
    func refuseInPlace(_ name: String, in new: DirectoryDescriptor, _ rejection: SpoolRejection, expected: FileStatus) -> Fate {
        if let fate = verify(name, in: new, expected) { return fate }
        return withReason(rejection, file: name, storedAs: name, kept: false) { (_, _) throws(Errno) in
            try new.unlink(name)
        }
    }

    /// An entry with a bad name (`SpoolLayout.acceptableName`): moved to rejected/ under a printable name (a link is
    /// removed in place instead); false when it was not there any more or could not be moved.
    func rejectBadName(_ bytes: [UInt8], in new: DirectoryDescriptor) -> Bool {
        let printable = "bad-name." + String(String(decoding: bytes, as: UTF8.self).unicodeScalars.map { scalar -> Character in
            scalar == "\u{FFFD}" || scalar == "/" || ControlCharacters.contains(scalar) ? "_" : Character(scalar)
        })
        guard let status = try? new.status(nameBytes: bytes) else { return false }
        let fate: Fate
        if status.isSymbolicLink || (status.isRegularFile && status.links > 1) {
            let rejection = status.isSymbolicLink
                ? SpoolRejection(code: "symlink", message: "a symbolic link (with a bad name) is never followed nor moved; it was removed from new/")
                : SpoolRejection(code: "hard_link", message: "a hard link (with a bad name) is not taken; this name was removed from new/")
            fate = withReason(rejection, file: printable, storedAs: printable, kept: false) { (_, _) throws(Errno) in
                try new.unlink(nameBytes: bytes)
            }
        } else {
            let rejection = SpoolRejection(code: "bad_name", message: SpoolLayout.badNameMessage(bytes))
            fate = withReason(rejection, file: printable, storedAs: printable, kept: true) { (rejected, target) throws(Errno) in
                try new.rename(nameBytes: bytes, to: rejected, as: target)
            }
        }
        if case .done = fate { return true }
        return false
    }

    /// Writes each refused line of a JSON Lines file to rejected/NAME.line-N (or NAME.line-N.1, …
    /// when taken) with its `.reason`, durably, before the file itself is removed. A file taken
    /// again after a crash finds its refused lines already there (a regular file the daemon wrote,
    /// one name, the same bytes) and does not write them twice. Returns false when something could
    /// not be written (the file is then left in new/).
    func rejectLines(_ name: String, _ lines: [(SpoolRejection, ArraySlice<UInt8>)]) -> Bool {
        let rejected: DirectoryDescriptor
        do throws(Errno) {
            rejected = try DirectoryDescriptor.open(layout.rejected)
        } catch {
            log.log(.error, "spool_reject_failed", [("file", name), ("error", error.description)])
            return false
        }
        defer { rejected.close() }
        var placed: [String] = []
        for (rejection, bytes) in lines {
            let content = Array(bytes) + [0x0A]
            let line = rejection.line ?? 0
            var target: String?
            do throws(Errno) {
                target = try placeLine(content, rejection, file: name, in: rejected)
            } catch {
                log.log(.error, "spool_reject_failed", [("file", name), ("line", String(line)), ("error", error.description)])
                return false
            }
            guard let target else {
                log.log(.error, "spool_reject_failed", [("file", name), ("line", String(line)), ("error", "no free name in rejected/")])
                return false
            }
            placed.append(target)
        }
        try? rejected.sync()
        for ((rejection, _), target) in zip(lines, placed) {
            logRejected(rejection, file: name, rejectedAs: target)
        }
        return true
    }

    // MARK: Names in rejected/

    /// The first free (or, after a crash, own identical) name for one refused line; nil when none.
    private func placeLine(_ content: [UInt8], _ rejection: SpoolRejection, file: String, in rejected: DirectoryDescriptor) throws(Errno) -> String? {
        for target in Self.candidates(Self.storedName("\(file).line-\(rejection.line ?? 0)")) {
            var reused = false
            do throws(Errno) {
                try rejected.createFile(target, content)
            } catch where error.isAlreadyExisting {
                guard isOwnCopy(target, of: content, in: rejected) else { continue }
                reused = true
            }
            do throws(Errno) {
                try rejected.createFile(target + ".reason", rejection.reasonJSON(file: file, rejectedAs: target, at: log.time(clock.now())))
            } catch where error.isAlreadyExisting {
                // Reused: its reason is there already. Else the name pairs with another rejection.
                if reused { return target }
                try? rejected.unlink(target)
                continue
            } catch {
                if !reused { try? rejected.unlink(target) }
                throw error
            }
            return target
        }
        return nil
    }

    /// Writes the `.reason` under the first free name, then `act`s (moves the entry to that name
    /// when `kept`, else removes it from new/), then logs. The reason comes first so that nothing
    /// lands in rejected/ without one; it is taken back when `act` fails.
    private func withReason(
        _ rejection: SpoolRejection, file: String, storedAs name: String, kept: Bool,
        _ act: (DirectoryDescriptor, String) throws(Errno) -> Void
    ) -> Fate {
        let rejected: DirectoryDescriptor
        do throws(Errno) {
            rejected = try DirectoryDescriptor.open(layout.rejected)
        } catch {
            log.log(.error, "spool_reject_failed", [("file", file), ("error", error.description)])
            return .failed(error)
        }
        defer { rejected.close() }
        for target in Self.candidates(Self.storedName(name)) {
            // A removed link keeps its name free too, so that a later rejection's pair stays whole.
            if !kept, (try? rejected.status(target)) != nil { continue }
            do throws(Errno) {
                try rejected.createFile(target + ".reason", rejection.reasonJSON(file: file, rejectedAs: kept ? target : nil, at: log.time(clock.now())))
            } catch where error.isAlreadyExisting {
                continue
            } catch {
                log.log(.error, "spool_reject_failed", [("file", file), ("error", error.description)])
                return .failed(error)
            }
            do throws(Errno) {
                try act(rejected, target)
            } catch {
                try? rejected.unlink(target + ".reason")
                if error.isAlreadyExisting { continue }
                if error.isNotFound { return .gone }
                log.log(.error, "spool_reject_failed", [("file", file), ("error", error.description)])
                return .failed(error)
            }
            try? rejected.sync()
            logRejected(rejection, file: file, rejectedAs: kept ? target : nil)
            return .done(rejectedAs: kept ? target : nil)
        }
        log.log(.error, "spool_reject_failed", [("file", file), ("error", "no free name in rejected/")])
        return .failed(Errno.alreadyExists("rejected/\(name)"))
    }

    /// nil when `name` in new/ is still `expected`; else what it is now.
    private func verify(_ name: String, in new: DirectoryDescriptor, _ expected: FileStatus) -> Fate? {
        do throws(Errno) {
            return try new.status(name).isUnchanged(comparedTo: expected) ? nil : .changed
        } catch where error.isNotFound {
            return .gone
        } catch {
            return .failed(error)
        }
    }

    /// A refused line the daemon wrote before (a regular file of its own, one name, these bytes).
    private func isOwnCopy(_ name: String, of content: [UInt8], in rejected: DirectoryDescriptor) -> Bool {
        guard let fd = try? rejected.openForReading(name) else { return false }
        defer { fd.close() }
        guard let status = try? fd.status(), status.isRegularFile, status.uid == daemonUID, status.links == 1,
            status.size == Int64(content.count)
        else { return false }
        return (try? fd.readAll(limit: content.count)) == content
    }

    /// `name`, `name.1`, `name.2`, … (at most 100,000 of them).
    static func candidates(_ name: String) -> some Sequence<String> {
        (0..<100_000).lazy.map { $0 == 0 ? name : "\(name).\($0)" }
    }

    /// The name a rejection is stored under: never ending in `.reason` (every `.reason` in
    /// rejected/ is the daemon's own), and short enough for `.line-N.K.reason` to be added
    /// (NAME_MAX is 255 bytes); the full name is in the reason's `file`.
    static func storedName(_ name: String) -> String {
        var stored = name
        if stored.utf8.count > 200 {
            var cut = ""
            for character in stored {
                if cut.utf8.count + character.utf8.count > 200 { break }
                cut.append(character)
            }
            stored = cut + "~"
        }
        return stored.hasSuffix(".reason") ? stored + "_" : stored
    }

    private func logRejected(_ rejection: SpoolRejection, file: String, rejectedAs target: String?) {
        log.log(.error, "spool_rejected", [
            ("file", file), ("line", rejection.line.map(String.init) ?? "-"), ("code", rejection.code),
            ("message", rejection.message), ("rejected_as", target ?? "-"),
        ])
    }
}
