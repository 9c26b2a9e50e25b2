/// An error a client or an operator sees: a stable machine-readable code (the wire protocol's
/// `error.code`, the `.reason` file's `code`, gridctl's exit status) and a message for people.
public struct GridError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// The stable error codes. Documented in docs/PROTOCOL.md; extend, never rename.
    public enum Code: String, Sendable, CaseIterable {
        // Framing and syntax
        case malformedJSON = "malformed_json"
        case invalidUTF8 = "invalid_utf8"
        case lineTooLong = "line_too_long"
        case timeout = "timeout"
        // Request shape
        case badRequest = "bad_request"
        case unknownOp = "unknown_op"
        case unknownField = "unknown_field"
        case missingField = "missing_field"
        case invalidField = "invalid_field"
        case fieldTooLong = "field_too_long"
        /// A `submit` with more `reports` than `MaxBatch=`: refused whole, nothing stored.
        case batchTooLarge = "batch_too_large"
        // Report content
        case unknownCategory = "unknown_category"
        case badPriority = "bad_priority"
        case badLocation = "bad_location"
        case badCell = "bad_cell"
        case badCommunity = "bad_community"
        case unknownCommunity = "unknown_community"
        case noLocation = "no_location"
        case badTime = "bad_time"
        /// The submitter already used the report's key for a report with different content.
        case keyConflict = "key_conflict"
        // Lookups, lifecycle and authority
        case notFound = "not_found"
        case invalidState = "invalid_state"
        case permissionDenied = "permission_denied"
        // The daemon's own state
        case unavailable = "unavailable"
        case shuttingDown = "shutting_down"
        case internalError = "internal"
    }
}
