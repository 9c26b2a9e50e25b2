import GridCore
import GridSystem
import Glibc

/// One report of a spool file, or the reason its line was refused.
struct SpoolItem: Sendable {
    /// 1-based line (1 for a single-report file).
    var line: Int
    /// The bytes of the line (for a JSON Lines file), kept to write a refused line to rejected/.
    var bytes: ArraySlice<UInt8>
    var report: Result<Report, SpoolRejection>
}

/// What reading a spool file gave.
enum SpoolFileContent: Sendable {
    /// The file is not there any more (taken by an earlier pass, or removed by someone).
    case gone
    /// It could not be opened or read for a reason that may pass (EMFILE, EIO, …): leave it in new/.
    case retryLater(Errno)
    /// A regular file changed after `settledBefore` (its mtime, realtime ms): maybe still being written.
    case notSettled(modifiedMilliseconds: Int64)
    /// Refused as a whole: moved to rejected/ with a `.reason`.
    case rejected(SpoolRejection)
    /// The reports (or refused lines) of a readable file from an admitted owner.
    case reports(owner: Actor, items: [SpoolItem], isLines: Bool)
}

/// Opens, checks and parses one file of `new/`. Safe against what may sit in a spool directory:
/// `O_NOFOLLOW` (a symbolic link is refused, never followed), `O_NONBLOCK` (a FIFO is opened
/// without waiting for a writer, then refused by fstat, as are devices and sockets), the size is
/// checked before anything is read, and at most `MaxFileSize` bytes are ever read.
struct SpoolFileReader: Sendable {
    var settings: SpoolSettings
    var decoder: ReportDecoder
    /// The owner's identity and whether the access config admits it.
    var admit: @Sendable (UInt32) -> Result<Actor, GridError>

    /// - Parameter settledBefore: for a file found by listing new/ (not announced by inotify), the
    ///   latest mtime (realtime ms) it may have; a younger file is left alone for now.
    func read(directory: String, name: String, settledBefore: Int64? = nil) -> SpoolFileContent {
        let path = directory + "/" + name
        let fd: FileDescriptor
        do throws(Errno) {
            fd = try FileDescriptor.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY)
        } catch {
            switch error.code {
            case ENOENT: return .gone
            case ELOOP: return .rejected(SpoolRejection(code: "symlink", message: "a symbolic link is not taken (it is never followed)"))
            case ENXIO, ENODEV, EOPNOTSUPP:
                return .rejected(SpoolRejection(code: "not_regular_file", message: "not a regular file (\(error.message))"))
            case EACCES, EPERM:
                return .rejected(SpoolRejection(code: "unreadable", message: "the daemon may not read it: \(error.message)"))
            default: return .retryLater(error)
            }
        }
        defer { fd.close() }
        let status: FileStatus
        do throws(Errno) {
            status = try fd.status()
        } catch {
            return .retryLater(error)
        }
        guard status.isRegularFile else {
            return .rejected(SpoolRejection(code: "not_regular_file", message: "a \(status.kindName) is not taken; only regular files are"))
        }
        if let settledBefore, status.modifiedMilliseconds > settledBefore {
            return .notSettled(modifiedMilliseconds: status.modifiedMilliseconds)
        }
        guard status.size <= settings.maxFileBytes else {
            return .rejected(SpoolRejection(
                code: "too_large", message: "\(status.size) bytes; the limit is \(settings.maxFileBytes) (MaxFileSize= in [Spool])"))
        }
        let owner: Actor
        switch admit(status.uid) {
        case .success(let actor): owner = actor
        case .failure(let error): return .rejected(SpoolRejection(error, line: nil))
        }
        let bytes: [UInt8]
        do throws(Errno) {
            guard let read = try Self.readAll(fd, expected: Int(status.size), limit: Int(settings.maxFileBytes)) else {
                return .rejected(SpoolRejection(
                    code: "too_large", message: "grew past the limit of \(settings.maxFileBytes) bytes while being read"))
            }
            bytes = read
        } catch {
            return .retryLater(error)
        }
        return parse(bytes, name: name, owner: owner)
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

    /// One JSON report, or JSON Lines: a name ending in `.jsonl` is always JSON Lines; another
    /// file is one report if it parses as one JSON value, else JSON Lines if its first line is a
    /// JSON object on its own.
    func parse(_ bytes: [UInt8], name: String, owner: Actor) -> SpoolFileContent {
        guard bytes.contains(where: { !Self.isBlank($0) }) else {
            return .rejected(SpoolRejection(code: "empty", message: "the file is empty (or blank)"))
        }
        var isLines = name.hasSuffix(".jsonl")
        if !isLines {
            do throws(JSONParseError) {
                let value = try bytes.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> JSONValue in
                    try JSONParser.parse(buffer: buffer)
                }
                return .reports(owner: owner, items: [item(value, line: 1, bytes: bytes[...], name: name)], isLines: false)
            } catch {
                let lines = Self.lines(of: bytes)
                let firstIsObject = lines.count > 1
                    && (try? JSONParser.parse(lines[0].bytes))?.objectValue != nil
                guard firstIsObject else { return .rejected(SpoolRejection(error, line: nil)) }
                isLines = true
            }
        }
        let lines = Self.lines(of: bytes)
        guard lines.count <= settings.maxLinesPerFile else {
            return .rejected(SpoolRejection(
                code: "too_many_lines",
                message: "\(lines.count) reports; the limit is \(settings.maxLinesPerFile) (MaxLinesPerFile= in [Spool])"))
        }
        var items: [SpoolItem] = []
        items.reserveCapacity(lines.count)
        for (number, slice) in lines {
            do throws(JSONParseError) {
                let value = try slice.withUnsafeBufferPointer { (buffer) throws(JSONParseError) -> JSONValue in
                    try JSONParser.parse(buffer: buffer)
                }
                items.append(item(value, line: number, bytes: slice, name: name))
            } catch {
                items.append(SpoolItem(line: number, bytes: slice, report: .failure(SpoolRejection(error, line: number))))
            }
        }
        return .reports(owner: owner, items: items, isLines: isLines)
    }

    private func item(_ value: JSONValue, line: Int, bytes: ArraySlice<UInt8>, name: String) -> SpoolItem {
        do throws(GridError) {
            var report = try decoder.decode(value)
            if report.key == nil { report.key = SpoolLayout.key(file: name, line: line) }
            return SpoolItem(line: line, bytes: bytes, report: .success(report))
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
