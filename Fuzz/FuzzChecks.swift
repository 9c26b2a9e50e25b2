import GridCore

/// Checks shared by the fuzz targets (compiled into each of them; see scripts/fuzz.sh).
enum FuzzChecks {
    /// `precondition` that says why in optimized builds too (there it drops its message), so a
    /// crash found by libFuzzer names the check that failed.
    static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError(message()) }
    }

    /// What the daemon writes parses back and serializes to the same bytes.
    static func serializationIsStable(_ value: JSONValue) {
        let once = value.serializedBytes()
        guard let again = try? JSONParser.parse(once) else {
            fatalError("serialized JSON does not parse: \(String(decoding: once, as: UTF8.self))")
        }
        require(again.serializedBytes() == once, "serialization is not stable: \(String(decoding: once, as: UTF8.self))")
    }

    /// Calls `body` with every string (keys and values) in the value.
    static func forEachString(in value: JSONValue, _ body: (String) -> Void) {
        switch value {
        case .string(let string): body(string)
        case .array(let array): for element in array { forEachString(in: element, body) }
        case .object(let object):
            for pair in object.pairs {
                body(pair.key)
                forEachString(in: pair.value, body)
            }
        default: break
        }
    }

    /// Calls `body` with every array of exactly two numbers (a GeoJSON position) in the value.
    static func forEachPosition(in value: JSONValue, _ body: (Double, Double) -> Void) {
        switch value {
        case .array(let array):
            if array.count == 2, let x = array[0].doubleValue, let y = array[1].doubleValue {
                body(x, y)
            } else {
                for element in array { forEachPosition(in: element, body) }
            }
        case .object(let object): for pair in object.pairs { forEachPosition(in: pair.value, body) }
        default: break
        }
    }
}
