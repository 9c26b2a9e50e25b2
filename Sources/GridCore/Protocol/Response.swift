/// Response lines of the socket protocol: `{"id":…,"ok":true,"result":…}` or
/// `{"id":…,"ok":false,"error":{"code":…,"message":…}}`, each followed by a newline,
/// as the UTF-8 bytes that go on the wire.
public enum Response {
    public static func success(id: JSONValue, result: JSONValue) -> [UInt8] {
        var object = JSONObject()
        object.appendUnchecked("id", id)
        object.appendUnchecked("ok", .bool(true))
        object.appendUnchecked("result", result)
        var bytes = JSONValue.object(object).serializedBytes()
        bytes.append(0x0A)
        return bytes
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
