import GridCore
import GridSystem

/// One report of a spool file, or the reason its line was refused.
struct SpoolItem: Sendable {
    /// 1-based line (1 for a single-report file).
    var line: Int
    /// The bytes of the line (for a JSON Lines file), kept to write a refused line to rejected/.
    var bytes: ArraySlice<UInt8>
    var report: Result<Report, SpoolRejection>
    /// The report had no key of its own and got the spool's (`SpoolLayout.key`), which holds a
    /// digest of its bytes: the key itself pins the content, so intake needs no second digest.
    var keyPinsContent = false
}

/// What reading a spool file gave.
enum SpoolFileContent: Sendable {
    /// The file is not there any more (taken by an earlier pass, or removed by someone).
    case gone
    /// It could not be opened or read for a reason that may pass (EMFILE, EIO, …): leave it in new/.
    case retryLater(Errno)
    /// Changed too recently (it may still be written in place), or changed while it was read:
    /// looked at again at `readyAt` (realtime ms).
    case notSettled(readyAt: Int64)
    /// Its last line is unfinished (no line end, not a complete JSON value) in a file not announced
    /// complete: nothing is taken yet. `status` is what was seen, to skip reading it again while it
    /// stays so; looked at again at `readyAt`.
    case incomplete(FileStatus, readyAt: Int64)
    /// Refused as a whole: moved to rejected/ with a `.reason`, if it is still `status` there.
    case rejected(SpoolRejection, FileStatus?)
    /// Refused and never moved (a symbolic link, a hard link): removed from new/ if it is still
    /// `status` there, with a `.reason` in rejected/.
    case refusedInPlace(SpoolRejection, FileStatus)
    /// The reports (or refused lines) of a readable file from an admitted owner, and the file as it
    /// was read (it is removed only if it is still so).
    case reports(owner: Actor, items: [SpoolItem], isLines: Bool, status: FileStatus)
}

/// Opens, checks and parses one file of `new/`. Safe against what may sit in a directory others
/// write into: opened relative to new/'s descriptor with `O_NOFOLLOW` (a symbolic link is refused,
/// never followed nor moved), `O_NONBLOCK` (a FIFO is opened without waiting for a writer, then
/// refused by fstat, as are devices and sockets); a file with more than one name is refused (its
/// owner is not who placed it); the size is checked before anything is read, and at most
/// `MaxFileSize` bytes are ever read. A file not announced complete (by a rename into new/) is
/// taken only once it has not changed for `settleMilliseconds`, and not while its last line is
/// unfinished (up to `IncompleteTimeout=`); a file that changed while it was read is read again.
struct SpoolFileReader: Sendable {
    var settings: SpoolSettings
    var decoder: ReportDecoder
    /// The owner's identity and whether the access config admits it.
    var admit: @Sendable (UInt32) -> Result<Actor, GridError>

    /// - Parameters:
    ///   - complete: announced by IN_MOVED_TO (renamed into new/: complete by the spool's rules);
    ///     otherwise (IN_CLOSE_WRITE, found by a listing) it must have settled and be whole.
    ///   - knownIncomplete: how the file was when it was last found unfinished; while it is still
    ///     so (and younger than `IncompleteTimeout=`) it is not read again.
    func read(in directory: DirectoryDescriptor, name: String, complete: Bool, knownIncomplete: FileStatus? = nil) -> SpoolFileContent {
        let now = SystemClocks.realtimeMilliseconds()
        let fd: FileDescriptor
        do throws(Errno) {
            fd = try directory.openForReading(name)
        } catch {
            return openFailed(error, in: directory, name: name)
        }
        defer { fd.close() }
        let status: FileStatus
        do throws(Errno) {
            status = try fd.status()
        } catch {
            return .retryLater(error)
        }
        guard status.isRegularFile else {
            return .rejected(SpoolRejection(code: "not_regular_file", message: "a \(status.kindName) is not taken; only regular files are"), status)
        }
        let settle = SpoolWatcher.settleMilliseconds
        if !complete, status.lastChangeMilliseconds > now - settle {
            return .notSettled(readyAt: status.lastChangeMilliseconds + settle)
        }
        guard status.links == 1 else {
            return .refusedInPlace(SpoolRejection(
                code: "hard_link",
                message: "the file has \(status.links) names (a hard link): only a file with one name is taken, since its owner "
                    + "need not be who placed it; this name was removed from new/, the file itself is untouched"), status)
        }
        let expiresAt = status.lastChangeMilliseconds + settings.incompleteTimeoutMilliseconds
        if let knownIncomplete, status.isUnchanged(comparedTo: knownIncomplete), now < expiresAt {
            return .incomplete(status, readyAt: min(now + settle, expiresAt))
        }
        guard status.size <= settings.maxFileBytes else {
            return .rejected(SpoolRejection(
                code: "too_large", message: "\(status.size) bytes; the limit is \(settings.maxFileBytes) (MaxFileSize= in [Spool])"), status)
        }
        let owner: Actor
        switch admit(status.uid) {
        case .success(let actor): owner = actor
        case .failure(let error): return .rejected(SpoolRejection(error, line: nil), status)
        }
        let bytes: [UInt8]
        do throws(Errno) {
            guard let read = try Self.readAll(fd, expected: Int(status.size), limit: Int(settings.maxFileBytes)) else {
                return .rejected(SpoolRejection(
                    code: "too_large", message: "grew past the limit of \(settings.maxFileBytes) bytes while being read"), nil)
            }
            bytes = read
            // Written, truncated or replaced while it was read: what was read may be torn.
            guard try fd.status().isUnchanged(comparedTo: status) else { return .notSettled(readyAt: now + settle) }
        } catch {
            return .retryLater(error)
        }
        let tail: UnfinishedTail = complete ? .malformed : now < expiresAt ? .wait : .incomplete
        switch parse(bytes, name: name, unfinishedTail: tail) {
        case .unfinished: return .incomplete(status, readyAt: min(now + settle, expiresAt))
        case .reports(let items, let isLines): return .reports(owner: owner, items: items, isLines: isLines, status: status)
        case .rejected(let rejection): return .rejected(rejection, status)
        }
    }

    private func openFailed(_ error: Errno, in directory: DirectoryDescriptor, name: String) -> SpoolFileContent {
        if error.isNotFound { return .gone }
        // What is at the name: what the entry is refused as must still be there to be moved or removed.
        let status = try? directory.status(name)
        if error.isSymbolicLinkLoop {
            guard let status, status.isSymbolicLink else { return .retryLater(error) }
            let target = directory.linkTarget(name).map { " (to \($0))" } ?? ""
            return .refusedInPlace(SpoolRejection(
                code: "symlink",
                message: "a symbolic link\(target) is never followed nor moved; it was removed from new/"), status)
        }
        if error.isNotOpenableAsFile {
            return .rejected(SpoolRejection(code: "not_regular_file", message: "not a regular file (\(error.message))"), status)
        }
        if error.isPermissionDenied {
            return .rejected(SpoolRejection(code: "unreadable", message: "the daemon may not read it: \(error.message)"), status)
        }
        return .retryLater(error)
    }

    /// Reads to end of file; nil if more than `limit` bytes.
    static func readAll(_ fd: FileDescriptor, expected: Int, limit: Int) throws(Errno) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: min(limit, expected) + 1)
        var count = 0
        while true {
            if count == buffer.count {
                if count > limit { return nil }
                buffer.append(contentsOf: repeatElement(0, count: min(max(4096, count), limit + 1 - count)))
            }
            let start = count
            let (got, failure) = buffer.withUnsafeMutableBytes { raw -> (Int, Errno?) in
                do throws(Errno) {
                    return (try fd.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[start...])), nil)
                } catch {
                    return (0, error)
                }
            }
            if let failure { throw failure }
            if got == 0 { break }
            count += got
            // A regular file's read returns less than asked only at end of file: no second read.
            if count < buffer.count && count >= expected && count <= limit { break }
        }
        if count > limit { return nil }
        buffer.removeLast(buffer.count - count)
        return buffer
    }

    /// What an unfinished last line (no line end, and not a complete JSON value) means.
    enum UnfinishedTail: Sendable {
        /// The file is complete (renamed into new/): it is just a malformed line.
        case malformed
        /// The writer may still be at it: take nothing yet (`.incomplete`).
        case wait
        /// Unchanged past `IncompleteTimeout=`: the line is refused as `incomplete_line`.
        case incomplete
    }

    /// What the bytes of a file are.
    enum Parsed: Sendable {
        case reports([SpoolItem], isLines: Bool)
        case rejected(SpoolRejection)
        /// Its last line is unfinished and `UnfinishedTail.wait` was asked.
        case unfinished
    }

    /// One JSON report, or JSON Lines: a name ending in `.jsonl` is always JSON Lines; another
    /// file is one report if it parses as one JSON value, else JSON Lines if its first line is a
    /// JSON object on its own.
    func parse(_ bytes: [UInt8], name: String, unfinishedTail: UnfinishedTail = .malformed) -> Parsed {
        guard bytes.contains(where: { !Self.isBlank($0) }) else {
            return .rejected(SpoolRejection(code: "empty", message: "the file is empty (or blank)"))
        }
        // Looked at only once the file is not one JSON value (one parse more only for a file without a final line end).
        lazy var unfinished = unfinishedTail != .malformed && Self.hasUnfinishedLastLine(bytes)
        var isLines = name.hasSuffix(".jsonl")
        if !isLines {
            do throws(JSONParseError) {
                let value = try bytes.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> JSONValue in
                    try JSONParser.parse(buffer: buffer)
                }
                return .reports([item(value, line: 1, bytes: bytes[...], name: name)], isLines: false)
            } catch {
                let lines = Self.lines(of: bytes)
                let firstIsObject = lines.count > 1
                    && (try? JSONParser.parse(lines[0].bytes))?.objectValue != nil
                guard firstIsObject else {
                    guard unfinished else { return .rejected(SpoolRejection(error, line: nil)) }
                    return unfinishedTail == .wait ? .unfinished : .rejected(Self.incompleteLine(nil))
                }
                isLines = true
            }
        }
        if unfinishedTail == .wait && unfinished { return .unfinished }
        let lines = Self.lines(of: bytes)
        guard lines.count <= settings.maxLinesPerFile else {
            return .rejected(SpoolRejection(
                code: "too_many_lines",
                message: "\(lines.count) reports; the limit is \(settings.maxLinesPerFile) (MaxLinesPerFile= in [Spool])"))
        }
        var items: [SpoolItem] = []
        items.reserveCapacity(lines.count)
        for (index, (number, slice)) in lines.enumerated() {
            if index == lines.count - 1 && unfinished {
                items.append(SpoolItem(line: number, bytes: slice, report: .failure(Self.incompleteLine(number))))
                continue
            }
            do throws(JSONParseError) {
                let value = try slice.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> JSONValue in
                    try JSONParser.parse(buffer: buffer)
                }
                items.append(item(value, line: number, bytes: slice, name: name))
            } catch {
                items.append(SpoolItem(line: number, bytes: slice, report: .failure(SpoolRejection(error, line: number))))
            }
        }
        return .reports(items, isLines: isLines)
    }

    static func incompleteLine(_ line: Int?) -> SpoolRejection {
        SpoolRejection(
            code: "incomplete_line",
            message: "the last line has no line end and is not a complete JSON value, and the file did not change for "
                + "IncompleteTimeout= ([Spool]): the writer stopped in the middle of it", line: line)
    }

    /// Whether the bytes after the last line end are not blank and not a complete JSON value (a
    /// writer in the middle of a line). A last line without a line end that parses is complete.
    static func hasUnfinishedLastLine(_ bytes: [UInt8]) -> Bool {
        guard let last = bytes.last, last != 0x0A else { return false }
        let start = (bytes.lastIndex(of: 0x0A) ?? -1) + 1
        var tail = bytes[start...]
        if tail.last == 0x0D { tail = tail.dropLast() }
        guard tail.contains(where: { !isBlank($0) }) else { return false }
        return (try? JSONParser.parse(tail)) == nil
    }

    private func item(_ value: JSONValue, line: Int, bytes: ArraySlice<UInt8>, name: String) -> SpoolItem {
        do throws(GridError) {
            var report = try decoder.decode(value)
            let keyed = report.key == nil
            if keyed { report.key = SpoolLayout.key(file: name, line: line, bytes: bytes) }
            return SpoolItem(line: line, bytes: bytes, report: .success(report), keyPinsContent: keyed)
        } catch {
            return SpoolItem(line: line, bytes: bytes, report: .failure(SpoolRejection(error, line: line)))
        }
    }

    /// The non-blank lines with their 1-based numbers; a trailing `\r` is dropped.
    static func lines(of bytes: [UInt8]) -> [(number: Int, bytes: ArraySlice<UInt8>)] {
        var result: [(Int, ArraySlice<UInt8>)] = []
        var start = 0
        var number = 1
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            var line = bytes[start..<end]
            if line.last == 0x0D { line = line.dropLast() }
            if line.contains(where: { !isBlank($0) }) { result.append((number, line)) }
            start = end + 1
            number += 1
        }
        return result
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
}
