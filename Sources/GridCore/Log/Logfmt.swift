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
        if !value.isEmpty, isBare(value) { return value }
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

    /// True when `value` can stand unquoted: no space, quote, `=`, backslash or control. Most
    /// values of a dispatch-log line (ids, codes, times) are printable ASCII, checked a byte at a
    /// time; a value with other bytes is checked scalar by scalar (`ControlCharacters`).
    static func isBare(_ value: String) -> Bool {
        var ascii = true
        for byte in value.utf8 {
            if byte >= 0x80 {
                ascii = false
                break
            }
            if byte <= 0x20 || byte == 0x7F || byte == 0x22 || byte == 0x3D || byte == 0x5C { return false }
        }
        if ascii { return true }
        return !value.unicodeScalars.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\\" || ControlCharacters.contains($0) }
    }

    /// Appends `value` as it appears after `key=` to `bytes` (what `quoted` gives, as UTF-8):
    /// a bare value is copied as it is, without building a string.
    public static func appendQuoted(_ value: String, to bytes: inout [UInt8]) {
        if !value.isEmpty, isBare(value) {
            bytes.append(contentsOf: value.utf8)
        } else {
            bytes.append(contentsOf: quoted(value).utf8)
        }
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
