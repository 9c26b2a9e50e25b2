/// A man page being written in roff (the `man` macros), for the pages gridd and gridctl generate
/// from their own declarations (gridctl(1) from the command table, gridd(8) from gridd's option
/// table, gridd.conf(5) from `ConfigSchema`). It escapes what roff would read as requests or
/// escapes, so the declarations' text (with its `-`, `\`, quotes and Chinese) renders as written.
/// Pure: text in, text out; no date, so a page is the same on every run and can be committed.
public struct Roff: Sendable {
    public private(set) var lines: [String]

    /// `.TH NAME SECTION "" "gridd VERSION" "gridd manual"`.
    public init(name: String, section: String, version: String) {
        lines = [
            ".\\\" Generated from gridd's own declarations; do not edit (scripts/generate-docs.sh).",
            ".TH \(name.uppercased()) \(section) \"\" \"gridd \(version)\" \"gridd manual\"",
            // Ragged right: a line of Chinese has no blanks to stretch.
            ".ad l",
        ]
    }

    /// The page's source, ending in a newline.
    public var text: String { lines.joined(separator: "\n") + "\n" }

    /// `.SH NAME`.
    public mutating func section(_ title: String) { lines += [".SH \(Roff.quoted(title))"] }

    /// `.SS TITLE`, escaped.
    public mutating func subsection(_ title: String) { lines += [".SS \(Roff.quoted(title))"] }

    /// A paragraph of plain text.
    public mutating func paragraph(_ text: String) { lines += [".PP", Roff.escape(text)] }

    /// Lines already in roff (made with `escape`, `bold`, `italic`), as they are.
    public mutating func raw(_ roff: String...) { lines += roff }

    /// A tagged paragraph: `tag` (roff) on its own line, `text` (plain) indented under it.
    public mutating func tagged(_ tag: String, _ text: String) { lines += [".TP", tag, Roff.escape(text)] }

    /// Lines shown as typed (no filling, no hyphenation), indented.
    public mutating func example(_ shown: [String]) {
        lines += [".PP", ".RS 4", ".nf"] + shown.map(Roff.escape) + [".fi", ".RE"]
    }

    /// `text` safe as roff text: `\` as `\e`, every `-` a hyphen-minus (`\-`, as options are
    /// typed), a break point (`\:`) after Chinese punctuation, and a leading `.` or `'` kept from
    /// being read as a request.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\e"
            case "-": out += "\\-"
            case "\n": out += "\n.br\n"
            // Chinese has no blanks to break at: allow a break after its punctuation.
            case "，", "、", "：", "；", "。", "）": out += "\(character)\\:"
            default: out.append(character)
            }
        }
        return out.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.first == "." || $0.first == "'" ? "\\&" + $0 : String($0) }
            .joined(separator: "\n")
    }

    /// `text` in bold (commands, options, keys as typed).
    public static func bold(_ text: String) -> String { "\\fB" + escape(text) + "\\fR" }

    /// `text` in italics (values to replace: `CODE`, `FILE`).
    public static func italic(_ text: String) -> String { "\\fI" + escape(text) + "\\fR" }

    /// `--flag VALUE`: the spellings in bold, the value name in italics.
    public static func option(_ spellings: [String], value: String?) -> String {
        spellings.map(bold).joined(separator: ", ") + (value.map { " " + italic($0) } ?? "")
    }

    /// A macro argument: escaped, in double quotes when it has blanks (a `"` inside as `\(dq`).
    static func quoted(_ text: String) -> String {
        let escaped = escape(text).split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\\(dq")
        return escaped.contains(" ") ? "\"\(escaped)\"" : escaped
    }
}
