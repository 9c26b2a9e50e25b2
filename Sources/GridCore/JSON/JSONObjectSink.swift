/// Where an encoder writes a JSON object, key by key: into a `JSONValue` tree (`JSONTreeSink`),
/// or straight into UTF-8 bytes (`JSONBytesSink`).
///
/// It exists so that the incident's encoder is written once and serves both: `show` and `list`
/// take the tree (they add to it), while the answer to a `submit` — one per report at intake
/// rates — is written as bytes, without building the tree of about forty values, serializing
/// it and freeing it again.
public protocol JSONObjectSink {
    /// Opens an object: the root, or the value of the key given last.
    mutating func open()
    /// Closes the object opened last.
    mutating func close()
    /// The next key of the open object; a value (`value`, or `open` … `close`) follows.
    mutating func key(_ key: String)
    /// A finished value for the key given last.
    mutating func value(_ value: JSONValue)
}

extension JSONObjectSink {
    public mutating func field(_ key: String, _ value: JSONValue) {
        self.key(key)
        self.value(value)
    }

    /// `key` with an object written by `body` as its value.
    public mutating func object(_ key: String, _ body: (inout Self) -> Void) {
        self.key(key)
        open()
        body(&self)
        close()
    }
}

/// A `JSONObjectSink` that builds the `JSONValue` (`value` once the root is closed).
public struct JSONTreeSink: JSONObjectSink {
    /// The objects open, outermost first, and the key each nested one goes under.
    private var objects: [JSONObject] = []
    private var keys: [String] = []
    private var pendingKey: String?
    public private(set) var value: JSONValue = .null

    public init() {}

    public mutating func open() {
        if let pendingKey { keys.append(pendingKey) }
        pendingKey = nil
        objects.append(JSONObject(capacity: 8))
    }

    public mutating func close() {
        let closed = objects.removeLast()
        if objects.isEmpty {
            value = .object(closed)
        } else {
            objects[objects.count - 1].appendUnchecked(keys.removeLast(), .object(closed))
        }
    }

    public mutating func key(_ key: String) { pendingKey = key }

    public mutating func value(_ value: JSONValue) {
        objects[objects.count - 1].appendUnchecked(pendingKey ?? "", value)
        pendingKey = nil
    }
}

/// A `JSONObjectSink` that writes compact JSON text, byte for byte what `JSONValue.serializedBytes`
/// gives for the tree the same calls build.
public struct JSONBytesSink: JSONObjectSink {
    /// The text so far; a caller may append around the object (a response's frame).
    public var bytes: [UInt8]
    /// No key yet in the object open last: the next key needs no comma.
    private var atFirstKey = true

    /// - Parameter bytes: what comes before (e.g. a response's `{"id":…,"result":`).
    public init(appendingTo bytes: [UInt8] = []) { self.bytes = bytes }

    public mutating func open() {
        bytes.append(UInt8(ascii: "{"))
        atFirstKey = true
    }

    public mutating func close() {
        bytes.append(UInt8(ascii: "}"))
        atFirstKey = false
    }

    public mutating func key(_ key: String) {
        if !atFirstKey { bytes.append(UInt8(ascii: ",")) }
        atFirstKey = false
        JSONValue.writeString(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func value(_ value: JSONValue) { value.write(to: &bytes) }
}
