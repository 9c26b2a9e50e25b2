/// Response lines of the socket protocol: `{"id":…,"ok":true,"result":…}` or
/// `{"id":…,"ok":false,"error":{"code":…,"message":…}}`, each followed by a newline.
public enum Response {
    public static func success(id: JSONValue, result: JSONValue) -> String {
        var object = JSONObject()
        object["id"] = id
        object["ok"] = .bool(true)
        object["result"] = result
        return JSONValue.object(object).serialized() + "\n"
    }

    public static func failure(id: JSONValue, error: GridError) -> String {
        var object = JSONObject()
        object["id"] = id
        object["ok"] = .bool(false)
        object["error"] = ["code": .string(error.code.rawValue), "message": .string(error.message)]
        return JSONValue.object(object).serialized() + "\n"
    }
}
