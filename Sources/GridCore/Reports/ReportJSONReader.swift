/// Reads the fields of one object of a report's JSON, naming the field when it is missing or
/// of the wrong type.
struct ReportJSONReader {
    let object: JSONObject
    let context: String

    init(_ object: JSONObject, _ context: String) {
        self.object = object
        self.context = context
    }

    static func object(_ value: JSONValue, _ context: String) throws(GridError) -> JSONObject {
        guard let object = value.objectValue else { throw GridError(.invalidField, "\(context) must be an object, not \(value.typeName)") }
        return object
    }

    private func problem(_ name: String, _ expected: String) -> GridError {
        GridError(.invalidField, "\(context).\(name) must be \(expected)")
    }

    func object(_ name: String) throws(GridError) -> JSONObject {
        guard let object = object[name]?.objectValue else { throw problem(name, "an object") }
        return object
    }

    func optionalObject(_ name: String) throws(GridError) -> JSONObject? {
        guard let value = object[name], !value.isNull else { return nil }
        guard let inner = value.objectValue else { throw problem(name, "an object or null") }
        return inner
    }

    func array(_ name: String) throws(GridError) -> [JSONValue] {
        guard let array = object[name]?.arrayValue else { throw problem(name, "an array") }
        return array
    }

    func string(_ name: String) throws(GridError) -> String {
        guard let string = object[name]?.stringValue else { throw problem(name, "a string") }
        return string
    }

    func optionalString(_ name: String) throws(GridError) -> String? {
        guard let value = object[name], !value.isNull else { return nil }
        guard let string = value.stringValue else { throw problem(name, "a string or null") }
        return string
    }

    func int(_ name: String) throws(GridError) -> Int {
        guard let value = object[name]?.intValue, let int = Int(exactly: value) else { throw problem(name, "an integer") }
        return int
    }

    func optionalInt64(_ name: String) throws(GridError) -> Int64? {
        guard let value = object[name], !value.isNull else { return nil }
        guard let int = value.intValue else { throw problem(name, "an integer or null") }
        return int
    }

    func unitCode(_ name: String) throws(GridError) -> UnitCode {
        guard let code = UnitCode(try string(name)) else { throw problem(name, "a unit code") }
        return code
    }

    func time(_ name: String) throws(GridError) -> LocalTime {
        guard let time = LocalTime(rfc3339: try string(name)) else { throw problem(name, "an RFC 3339 time") }
        return time
    }

    func optionalTime(_ name: String) throws(GridError) -> LocalTime? {
        guard let text = try optionalString(name) else { return nil }
        guard let time = LocalTime(rfc3339: text) else { throw problem(name, "an RFC 3339 time") }
        return time
    }
}
