/// Turns the report JSON of the brief into a `Report`, or a `GridError` naming the field at fault.
///
/// Strict on purpose: an unknown field is an error (a typo such as `catgory` must not silently
/// lose data), each text field has a length limit, and exactly one of `location`, `cell` and
/// `community` says where the incident is. Category existence is checked later, against the config.
public struct ReportDecoder: Sendable {
    public var limits: ReportLimits

    public init(limits: ReportLimits = ReportLimits()) { self.limits = limits }

    public static let fields: Set<String> = [
        "key", "category", "priority", "title", "description", "location", "cell", "community",
        "address", "reporter", "reported_at", "channel",
    ]

    public func decode(_ value: JSONValue) throws(GridError) -> Report {
        guard let object = value.objectValue else {
            throw GridError(.badRequest, "a report must be a JSON object, not \(value.typeName)")
        }
        return try decode(object)
    }

    public func decode(_ object: JSONObject) throws(GridError) -> Report {
        let fields = FieldReader(object, context: "report")
        try fields.rejectUnknown(allowed: Self.fields)

        let category = try fields.requiredString("category")
        guard Category.isWellFormedCode(category) else {
            throw GridError(.unknownCategory, "category \(category.debugDescription) is not a category code (4 digits, neither pair 00)")
        }
        var priority: Priority?
        if let text = try fields.optionalString("priority") {
            guard let parsed = Priority(rawValue: text) else {
                throw GridError(.badPriority, "priority \(text.debugDescription) is not one of urgent, normal, low")
            }
            priority = parsed
        }
        let key = try fields.optionalString("key", limit: limits.key)
        if let key { try Self.checkKey(key) }
        let place = try decodePlace(fields)
        var reporter: Report.Reporter?
        if let reporterObject = try fields.optionalObject("reporter") {
            let reporterFields = FieldReader(reporterObject, context: "reporter")
            try reporterFields.rejectUnknown(allowed: ["name", "phone"])
            let name = try reporterFields.optionalString("name", limit: limits.reporterName)
            let phone = try reporterFields.optionalString("phone", limit: limits.phone)
            if let phone, !PhoneNumber.isPlausible(phone) {
                throw GridError(.invalidField, "reporter.phone must be digits, optionally with + - and spaces")
            }
            reporter = Report.Reporter(name: name, phone: phone)
        }
        var reportedAt: Timestamp?
        if let text = try fields.optionalString("reported_at") {
            guard let time = Timestamp(rfc3339: text) else {
                throw GridError(.badTime, "reported_at \(text.debugDescription) is not an RFC 3339 time")
            }
            reportedAt = time
        }
        var channel: Channel?
        if let text = try fields.optionalString("channel") {
            guard let parsed = Channel(rawValue: text) else {
                throw GridError(
                    .invalidField,
                    "channel \(text.debugDescription) is not one of \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            channel = parsed
        }
        return Report(
            key: key, category: category, priority: priority,
            title: try fields.optionalString("title", limit: limits.title),
            description: try fields.optionalString("description", limit: limits.description),
            place: place,
            address: try fields.optionalString("address", limit: limits.address),
            reporter: reporter, reportedAt: reportedAt, channel: channel
        )
    }

    /// A key is an identifier that is logged and printed: non-empty, and no control character of
    /// any kind (`ControlCharacters`: C0, DEL, C1, U+2028/U+2029, bidi controls), so that it can
    /// neither break a log line nor hide what it says.
    public static func checkKey(_ key: String) throws(GridError) {
        guard !key.isEmpty else { throw GridError(.invalidField, "key must be non-empty printable text") }
        if let (scalar, offset) = ControlCharacters.first(in: key) {
            throw GridError(
                .invalidField,
                "key must be printable text: it holds the control character \(ControlCharacters.name(scalar)) at character \(offset + 1) (control, line-separator and bidi characters are refused in keys)")
        }
    }

    private func decodePlace(_ fields: FieldReader) throws(GridError) -> Report.Place {
        // null means absent here as for every optional field: `"location": null` is no place.
        let given = ["location", "cell", "community"].filter { fields.object[$0].map { !$0.isNull } ?? false }
        guard !given.isEmpty else {
            throw GridError(.noLocation, "a report needs one of location {lat, lon}, cell or community")
        }
        guard given.count == 1 else {
            throw GridError(.badRequest, "give only one of location, cell and community (got \(given.joined(separator: ", ")))")
        }
        if let location = try fields.optionalObject("location") {
            let locationFields = FieldReader(location, context: "location")
            try locationFields.rejectUnknown(allowed: ["lat", "lon"])
            let lat = try locationFields.requiredNumber("lat", code: .badLocation)
            let lon = try locationFields.requiredNumber("lon", code: .badLocation)
            return .location(try GeoPoint(validatingLat: lat, lon: lon))
        }
        if let cell = try fields.optionalString("cell") {
            do throws(CodeError) {
                _ = try CellCode(validating: cell)
            } catch {
                throw GridError(.badCell, error.message)
            }
            return .cell(cell)
        }
        let community = try fields.requiredString("community")
        do throws(CodeError) {
            guard community.utf8.count == 12 else { throw CodeError("community code \(community.debugDescription): expected 12 digits") }
            _ = try UnitCode(validating: community)
        } catch {
            throw GridError(.badCommunity, error.message)
        }
        return .community(community)
    }
}

/// Reads typed fields out of a JSON object with errors that name the field.
public struct FieldReader {
    public let object: JSONObject
    public let context: String

    public init(_ object: JSONObject, context: String) {
        self.object = object
        self.context = context
    }

    public func has(_ name: String) -> Bool { object[name] != nil }

    public func rejectUnknown(allowed: Set<String>) throws(GridError) {
        for key in object.keys where !allowed.contains(key) {
            throw GridError(.unknownField, "unknown field \(key.debugDescription) in \(context)")
        }
    }

    private func path(_ name: String) -> String { context == "report" || context == "request" ? name : "\(context).\(name)" }

    public func optionalString(_ name: String, limit: Int? = nil) throws(GridError) -> String? {
        guard let value = object[name], !value.isNull else { return nil }
        guard let string = value.stringValue else {
            throw GridError(.invalidField, "\(path(name)) must be a string, not \(value.typeName)")
        }
        if let limit, string.unicodeScalars.count > limit {
            throw GridError(.fieldTooLong, "\(path(name)) is \(string.unicodeScalars.count) characters; the limit is \(limit)")
        }
        return string
    }

    public func requiredString(_ name: String, limit: Int? = nil) throws(GridError) -> String {
        guard let string = try optionalString(name, limit: limit) else {
            throw GridError(.missingField, "\(path(name)) is required")
        }
        return string
    }

    public func optionalObject(_ name: String) throws(GridError) -> JSONObject? {
        guard let value = object[name], !value.isNull else { return nil }
        guard let inner = value.objectValue else {
            throw GridError(.invalidField, "\(path(name)) must be an object, not \(value.typeName)")
        }
        return inner
    }

    public func requiredNumber(_ name: String, code: GridError.Code = .invalidField) throws(GridError) -> Double {
        guard let value = object[name], !value.isNull else { throw GridError(.missingField, "\(path(name)) is required") }
        guard let number = value.doubleValue else {
            throw GridError(code, "\(path(name)) must be a number, not \(value.typeName)")
        }
        return number
    }

    public func optionalInt(_ name: String) throws(GridError) -> Int64? {
        guard let value = object[name], !value.isNull else { return nil }
        guard let int = value.intValue else {
            throw GridError(.invalidField, "\(path(name)) must be an integer, not \(value.typeName)")
        }
        return int
    }
}

/// Phone numbers in reports: checked loosely on the way in, masked on the way to any log.
public enum PhoneNumber {
    public static func isPlausible(_ text: String) -> Bool {
        let digits = text.unicodeScalars.filter { ("0"..."9").contains($0) }.count
        return digits >= 3 && text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || "+- ".unicodeScalars.contains($0) }
    }

    /// `13812345678` → `138****5678`: keeps the first 3 and last 4 digits of long numbers, masks the rest.
    public static func masked(_ text: String) -> String {
        let characters = Array(text)
        guard characters.count > 7 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(3)) + String(repeating: "*", count: characters.count - 7) + String(characters.suffix(4))
    }
}

/// Reporters' names, masked for readers who may not see them (`Authority.mayReadReporter`):
/// the first character and one `*` — `张三丰` → `张*` — so the length is not given away either.
public enum PersonName {
    public static func masked(_ text: String) -> String {
        guard let first = text.first else { return "" }
        return String(first) + "*"
    }
}
