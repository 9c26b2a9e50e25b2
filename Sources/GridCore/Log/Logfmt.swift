/// logfmt, as the dispatch log writes it: `key=value` pairs separated by spaces, a value quoted
/// when it is empty or holds a space, quote, `=`, backslash or control character.
///
/// Shared by the daemon (writing dispatch.log) and gridctl (printing `tail` lines exactly as the
/// log has them), so the two never disagree on quoting.
public enum Logfmt {
    /// `value` as it appears after `key=`.
    public static func quoted(_ value: String) -> String {
        if !value.isEmpty,
            !value.unicodeScalars.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\\" || $0.value < 0x20 })
        {
            return value
        }
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default:
                if scalar.value < 0x20 { text += "\\u{\(String(scalar.value, radix: 16))}" } else { text.unicodeScalars.append(scalar) }
            }
        }
        return text + "\""
    }

    /// `k1=v1 k2=v2 …`, values quoted as needed.
    public static func line(_ pairs: [(String, String)]) -> String {
        var text = ""
        for (key, value) in pairs {
            if !text.isEmpty { text += " " }
            text += key + "=" + quoted(value)
        }
        return text
    }
}
