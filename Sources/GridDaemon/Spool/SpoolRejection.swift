import GridCore

/// Why a spool file, or one line of a JSON Lines file, was refused: the `.reason` file's content
/// and the `spool_rejected` log line. `code` is a protocol error code (docs/PROTOCOL.md) or one of
/// the spool's own: `symlink`, `hard_link`, `not_regular_file`, `too_large`, `empty`,
/// `too_many_lines`, `incomplete_line`, `unreadable`, `bad_name`.
public struct SpoolRejection: Sendable, Equatable, Error {
    public var code: String
    public var message: String
    /// 1-based line of the file the problem is on; nil when it is about the file as a whole.
    public var line: Int?

    public init(code: String, message: String, line: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
    }

    public init(_ error: GridError, line: Int?) {
        self.init(code: error.code.rawValue, message: error.message, line: line)
    }

    public init(_ error: JSONParseError, line: Int?) {
        switch error.kind {
        case .invalidUTF8: self.init(code: GridError.Code.invalidUTF8.rawValue, message: error.description, line: line)
        case .syntax: self.init(code: GridError.Code.malformedJSON.rawValue, message: error.description, line: line)
        }
    }

    /// `{"code":…,"message":…,"line":…,"file":…,"rejected_as":…,"at":…}` plus a newline;
    /// `rejected_as` is null when nothing was kept in rejected/ (a link removed from new/); `at`
    /// is the time as people read it (the dispatch log's: the calendar's offset, `DispatchLog.time`).
    public func reasonJSON(file: String, rejectedAs: String?, at time: String) -> [UInt8] {
        let object: JSONObject = [
            "code": .string(code), "message": .string(message), "line": .from(line.map(Int64.init)),
            "file": .string(file), "rejected_as": .from(rejectedAs), "at": .string(time),
        ]
        return JSONValue.object(object).serializedBytes() + [0x0A]
    }
}
