/// Response lines of the socket protocol: `{"id":…,"ok":true,"result":…}` or
/// `{"id":…,"ok":false,"error":{"code":…,"message":…}}`, each followed by a newline,
/// as the UTF-8 bytes that go on the wire.
public enum Response {
    public static func success(id: JSONValue, result: JSONValue) -> [UInt8] {
        success(id: id) { result.write(to: &$0.bytes) }
    }

    /// `success` with the result written by `write` straight into the answer's buffer (an
    /// incident's object through `IncidentWire.write`, without building its `JSONValue`).
    public static func success(id: JSONValue, writing write: (inout JSONBytesSink) -> Void) -> [UInt8] {
        // `{"id":…,"ok":true,"result":…}` in one buffer with room for an incident (about 1.5 KB),
        // the answer to most requests: no wrapper object, no regrowth.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2048)
        bytes.append(contentsOf: #"{"id":"#.utf8)
        id.write(to: &bytes)
        bytes.append(contentsOf: #","ok":true,"result":"#.utf8)
        var sink = JSONBytesSink(appendingTo: bytes)
        write(&sink)
        sink.bytes.append(contentsOf: "}\n".utf8)
        return sink.bytes
    }

    public static func failure(id: JSONValue, error: GridError) -> [UInt8] {
        var object = JSONObject()
        object.appendUnchecked("id", id)
        object.appendUnchecked("ok", .bool(false))
        object.appendUnchecked("error", ["code": .string(error.code.rawValue), "message": .string(error.message)])
        var bytes = JSONValue.object(object).serializedBytes()
        bytes.append(0x0A)
        return bytes
    }
}
