/// The characters that steer how text is shown instead of being shown: the C0 controls (NUL, the
/// ESC of terminal sequences, CR, LF, TAB …), DEL, the C1 controls (U+0080–U+009F, among them NEL
/// and the one-byte CSI), the Unicode line and paragraph separators (U+2028, U+2029) and the
/// bidirectional controls (marks U+200E U+200F U+061C, embeddings and overrides U+202A–U+202E,
/// isolates U+2066–U+2069).
///
/// Text from reports and requests (titles, notes, names, keys) may hold them. Wherever such text
/// ends up in a line of a log or in front of a person it must show them as escapes, or a report
/// could forge log lines, table rows or terminal commands; identifiers (idempotency keys) must not
/// hold them at all. One definition, so the log (`Logfmt`), the key check (`ReportDecoder`) and
/// gridctl's output agree on what is dangerous.
public enum ControlCharacters {
    /// Whether `scalar` is one of the controls above.
    public static func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x2028, 0x2029: return true
        case 0x200E, 0x200F, 0x061C: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// The first control in `text`, with its position (0-based, in Unicode scalars); nil when
    /// there is none.
    public static func first(in text: String) -> (scalar: Unicode.Scalar, offset: Int)? {
        for (offset, scalar) in text.unicodeScalars.enumerated() where contains(scalar) { return (scalar, offset) }
        return nil
    }

    /// `U+2028` for messages.
    public static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// `\u{202e}`: the escape both the log and gridctl print for a control without a shorter one.
    public static func hexEscape(_ scalar: Unicode.Scalar) -> String {
        "\\u{\(String(scalar.value, radix: 16))}"
    }
}
