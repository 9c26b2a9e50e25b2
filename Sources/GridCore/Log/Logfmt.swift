/// logfmt, as the dispatch log writes it: `key=value` pairs separated by spaces, a value quoted
/// when it is empty or holds a space, quote, `=`, backslash or control character. Controls are
/// escaped (`\n`, `\r`, `\t`, else `\u{1b}`, `\u{2028}`): every `ControlCharacters` member —
/// C0, DEL, C1 (NEL U+0085 too), the line and paragraph separators, the bidi controls — so that a
/// reader splitting lines on any Unicode line break still sees one line per event.
///
/// Shared by the daemon (writing dispatch.log) and gridctl (printing `tail` lines exactly as the
/// log has them), so the two never disagree on quoting.
public enum Logfmt {
    /// `value` as it appears after `key=`.
    public static func quoted(_ value: String) -> String {
        if !value.isEmpty,
            !value.unicodeScalars.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\\" || ControlCharacters.contains($0) })
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
                if ControlCharacters.contains(scalar) { text += ControlCharacters.hexEscape(scalar) } else { text.unicodeScalars.append(scalar) }
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
