import CSQLite
import GridCore

/// Column decoding for the report pass, which reads a million rows: unit codes and categories are
/// interned (each distinct text is validated and made a String once), enumerations are matched on
/// their bytes, and the canonical RFC 3339 form the store writes is parsed without a String.
/// A value that does not decode is `StoreError.invalidData`, as for every other read.
struct ReportColumns {
    private var units: [Int64: UnitCode] = [:]
    private var categories: [Int64: String] = [:]

    private static let states = IncidentState.allCases.map { ($0, Array($0.rawValue.utf8)) }
    private static let windows = IncidentTimers.Window.allCases.map { ($0, Array($0.rawValue.utf8)) }

    /// The bytes of a text column (nil for NULL). Read as a blob: SQLite then hands out the bytes
    /// in place, where asking for text would copy them to add a terminating NUL.
    static func bytes(_ handle: OpaquePointer, _ index: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let pointer = sqlite3_column_blob(handle, index) else {
            // NULL, or an empty text.
            return sqlite3_column_type(handle, index) == SQLITE_NULL ? nil : UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: UInt8.self), count: Int(sqlite3_column_bytes(handle, index)))
    }

    /// A key for a short all-digit text (its value and length), or nil.
    private static func digitKey(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard bytes.count <= 16 else { return nil }
        var value: Int64 = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value * 32 + Int64(bytes.count)
    }

    mutating func unit(_ handle: OpaquePointer, _ index: Int32, _ what: @autoclosure () -> String) throws(StoreError) -> UnitCode? {
        guard let bytes = Self.bytes(handle, index) else { return nil }
        return try intern(bytes, what())
    }

    /// A unit code from its bytes, validated and made a `UnitCode` once per distinct code.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, _ what: @autoclosure () -> String) throws(StoreError) -> UnitCode {
        if let key = Self.digitKey(bytes), let known = units[key] { return known }
        let text = String(decoding: bytes, as: UTF8.self)
        let code: UnitCode
        do { code = try UnitCode(validating: text) } catch { throw StoreError.invalidData("\(what()): \(error.message)") }
        if let key = Self.digitKey(bytes) { units[key] = code }
        return code
    }

    /// The placement's community, street and district from columns `index`, `index + 1`,
    /// `index + 2`. A community's code begins with its street's and its district's (`UnitCode.parent`),
    /// and gridd stores placements that way (`Placement.inCell`, `.atUnit`), so for a row with a
    /// community the other two are taken from it (once per community) instead of read and interned.
    mutating func placement(_ handle: OpaquePointer, _ index: Int32, _ what: @autoclosure () -> String) throws(StoreError)
        -> (community: UnitCode?, street: UnitCode?, district: UnitCode?)
    {
        guard let bytes = Self.bytes(handle, index) else {
            return (nil, try unit(handle, index + 1, "\(what()): street"), try unit(handle, index + 2, "\(what()): district"))
        }
        let key = Self.digitKey(bytes)
        if let key, let known = communities[key] { return known }
        guard let community = try unit(handle, index, "\(what()): community") else { return (nil, nil, nil) }
        let street = community.parent
        let placement = (community: Optional(community), street: street, district: street?.parent)
        if let key { communities[key] = placement }
        return placement
    }

    private var communities: [Int64: (community: UnitCode?, street: UnitCode?, district: UnitCode?)] = [:]

    mutating func category(_ handle: OpaquePointer, _ index: Int32) -> String {
        guard let bytes = Self.bytes(handle, index) else { return "" }
        if let key = Self.digitKey(bytes) {
            if let known = categories[key] { return known }
            let text = String(decoding: bytes, as: UTF8.self)
            categories[key] = text
            return text
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func state(_ handle: OpaquePointer, _ index: Int32) -> IncidentState? { match(bytes(handle, index), states) }

    /// Recognizes the event kinds a pass wants from the bytes of the `kind` column; any other
    /// kind is nil, mostly after a length comparison.
    struct EventKinds {
        private let wanted: [(IncidentEvent.Kind, [UInt8])]

        init(_ kinds: [IncidentEvent.Kind]) { wanted = kinds.map { ($0, Array($0.rawValue.utf8)) } }

        func kind(_ handle: OpaquePointer, _ index: Int32) -> IncidentEvent.Kind? {
            ReportColumns.match(ReportColumns.bytes(handle, index), wanted)
        }
    }

    private static let windowKey = Array(#""window""#.utf8)
    private static let chargedUnitKey = Array(#""charged_unit""#.utf8)
    private static let chargedTierKey = Array(#""charged_tier""#.utf8)
    private static let onTimeKey = Array(#""on_time""#.utf8)
    private static let tiers = Tier.allCases.map { ($0, Array($0.name.utf8)) }

    /// The value of `key` in the raw text of a flat JSON object (an event's detail): the bytes of
    /// a string value without its quotes, or of a literal (`true`). Nil when the key is not there.
    /// The detail is JSON the store checked on insert (`json_valid`), written by gridd or by the
    /// migrations: no escapes in these values, and a key in quotes is a key (values are codes,
    /// times and names of windows, never a quoted key).
    static func field(_ detail: UnsafeBufferPointer<UInt8>, _ key: [UInt8]) -> UnsafeBufferPointer<UInt8>? {
        var start = 0
        search: while start + key.count <= detail.count {
            for offset in 0..<key.count where detail[start + offset] != key[offset] {
                start += 1
                continue search
            }
            var index = start + key.count
            func skipSpace() { while index < detail.count, detail[index] == 0x20 || detail[index] == 0x09 || detail[index] == 0x0A { index += 1 } }
            skipSpace()
            guard index < detail.count, detail[index] == UInt8(ascii: ":") else {
                start += 1
                continue search
            }
            index += 1
            skipSpace()
            guard index < detail.count else { return nil }
            if detail[index] == UInt8(ascii: "\"") {
                let valueStart = index + 1
                var valueEnd = valueStart
                while valueEnd < detail.count, detail[valueEnd] != UInt8(ascii: "\"") { valueEnd += 1 }
                return UnsafeBufferPointer(rebasing: detail[valueStart..<valueEnd])
            }
            var valueEnd = index
            while valueEnd < detail.count, detail[valueEnd] != UInt8(ascii: ","), detail[valueEnd] != UInt8(ascii: "}") { valueEnd += 1 }
            return UnsafeBufferPointer(rebasing: detail[index..<valueEnd])
        }
        return nil
    }

    private static let registerOnTimeKey = Array(#""register_on_time""#.utf8)
    private static let resultKey = Array(#""result""#.utf8)
    private static let migratedKey = Array(#""migrated""#.utf8)
    private static let registerDueKey = Array(#""register_due""#.utf8)
    private static let registerUnitKey = Array(#""register_unit""#.utf8)

    /// The detail fields `ReportEvent` reads of the other kinds, as `ReportEvent(_: IncidentEvent)`
    /// does: `on_time` of `resolved`; `register_on_time` of `registered`; `result` of `visited`
    /// (satisfied or basic); `migrated` of `approved`; `register_due` and `register_unit` of `reported`.
    mutating func loopDetail(
        _ handle: OpaquePointer, _ index: Int32, into event: inout ReportEvent, _ what: @autoclosure () -> String
    ) throws(StoreError) {
        guard let detail = Self.bytes(handle, index) else { return }
        func isTrue(_ key: [UInt8]) -> Bool { Self.field(detail, key)?.elementsEqual("true".utf8) ?? false }
        switch event.kind {
        case .resolved:
            event.onTime = isTrue(Self.onTimeKey)
        case .registered:
            guard let value = Self.field(detail, Self.registerOnTimeKey) else { return }
            event.flagged = true
            event.onTime = value.elementsEqual("true".utf8)
        case .visited:
            let result = Self.field(detail, Self.resultKey)
            event.onTime = result.map { $0.elementsEqual("satisfied".utf8) || $0.elementsEqual("basic".utf8) } ?? false
        case .approved:
            event.flagged = isTrue(Self.migratedKey)
        case .reported:
            event.flagged = Self.field(detail, Self.registerDueKey) != nil
            if event.flagged, let unit = Self.field(detail, Self.registerUnitKey) {
                event.chargedUnit = try intern(unit, "\(what()): register_unit")
            }
        default:
            break
        }
    }

    /// The window and the unit and tier charged of an `overdue` event's detail
    /// (`{"window":"ack","charged_unit":"…","charged_tier":"community"}`); a charged unit that is
    /// not a unit code is invalid data.
    mutating func charge(
        _ handle: OpaquePointer, _ index: Int32, into event: inout ReportEvent, _ what: @autoclosure () -> String
    ) throws(StoreError) {
        guard let detail = Self.bytes(handle, index) else { return }
        event.window = Self.field(detail, Self.windowKey).flatMap { Self.match($0, Self.windows) }
        event.chargedTier = Self.field(detail, Self.chargedTierKey).flatMap { Self.match($0, Self.tiers) }
        if let unit = Self.field(detail, Self.chargedUnitKey) {
            event.chargedUnit = try intern(unit, "\(what()): charged_unit")
        }
    }

    static func window(_ handle: OpaquePointer, _ index: Int32) -> IncidentTimers.Window? { match(bytes(handle, index), windows) }

    fileprivate static func match<Value>(_ bytes: UnsafeBufferPointer<UInt8>?, _ table: [(Value, [UInt8])]) -> Value? {
        guard let bytes else { return nil }
        search: for (value, expected) in table where expected.count == bytes.count {
            for offset in 0..<bytes.count where bytes[offset] != expected[offset] { continue search }
            return value
        }
        return nil
    }

    /// An instant stored as INTEGER milliseconds (nil for NULL).
    static func instant(_ handle: OpaquePointer, _ index: Int32) -> Timestamp? {
        sqlite3_column_type(handle, index) == SQLITE_NULL ? nil : Timestamp(milliseconds: sqlite3_column_int64(handle, index))
    }

    /// An instant stored as RFC 3339 text: the store's own form (`2026-05-01T01:00:00.000Z`,
    /// `Timestamp.description`) without a String, anything else through `Timestamp(rfc3339:)`.
    static func time(_ handle: OpaquePointer, _ index: Int32) -> Timestamp? {
        guard let bytes = bytes(handle, index) else { return nil }
        return time(bytes)
    }

    static func time(_ bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        if bytes.count == 24, bytes[23] == UInt8(ascii: "Z"), bytes[4] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
            bytes[19] == UInt8(ascii: ".")
        {
            func number(_ from: Int, _ count: Int) -> Int? {
                var value = 0
                for offset in from..<(from + count) {
                    let byte = bytes[offset]
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                    value = value * 10 + Int(byte - UInt8(ascii: "0"))
                }
                return value
            }
            if let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
                let minute = number(14, 2), let second = number(17, 2), let millis = number(20, 3),
                (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month), hour < 24,
                minute < 60, second < 60
            {
                let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
                return Timestamp(milliseconds: (days * 86400 + Int64(hour * 3600 + minute * 60 + second)) * 1000 + Int64(millis))
            }
        }
        return Timestamp(rfc3339: String(decoding: bytes, as: UTF8.self))
    }
}
