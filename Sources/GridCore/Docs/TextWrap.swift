/// Word wrapping for help texts declared as one line each (gridd's options, the config schema),
/// so `gridd --help` can show them in columns while the man pages let roff fill them.
public enum TextWrap {
    /// `text` broken at blanks into lines of at most `width` characters (a longer word stands
    /// alone on its line); at least one line.
    public static func lines(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        return lines + [current]
    }
}
