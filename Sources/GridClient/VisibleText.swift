import GridCore

/// The one escaping function of gridctl's output for people: every control character of
/// `ControlCharacters` — C0 (`\e` of terminal sequences, `\r`, `\n`, NUL), DEL, C1, U+2028/U+2029
/// and the bidi overrides, isolates and marks — becomes a visible escape (`\e`, `\r`, `\n`, `\t`,
/// `\0`, else `\u{202e}`), so text from a report can neither send commands to the operator's
/// terminal, nor reorder what is shown, nor add a line (a forged table row or timeline event).
/// After it, every field is one line. Other text, backslashes included, is left as it is; the
/// exact text is in `--json`.
///
/// Applied where text becomes output: `JSONValue.text` and `unitText`, `TextTable` cells,
/// `KeyValueBlock` rows, `DisplayWidth.truncate`, the HTML and CSV report fields, `tail`'s
/// human lines and the error messages gridctl prints. Escaping escaped text changes nothing.
public enum VisibleText {
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: ControlCharacters.contains) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            guard ControlCharacters.contains(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\u{1B}": result += "\\e"
            case "\r": result += "\\r"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\0": result += "\\0"
            default: result += ControlCharacters.hexEscape(scalar)
            }
        }
        return result
    }
}
