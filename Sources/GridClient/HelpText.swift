/// `gridctl help`, `gridctl help COMMAND` and `gridctl COMMAND --help`, rendered from the command
/// table (`CommandTable`) in the caller's language; and the closest name for a mistyped one.
public enum HelpText {
    /// The command list: usage, every command with its summary, the global options.
    public static func overview(_ language: Language) -> String {
        let text = { (key: String) in Messages.text(key, language) }
        let width = (CommandTable.names.map(\.count).max() ?? 0) + 2
        let globals = CommandTable.globalOptions.filter { $0.keyName != "help" && $0.keyName != "version" }
            .map { "[\($0.spellings.last ?? $0.keyName)\($0.valueName.map { " " + $0 } ?? "")]" }
        var lines = ["\(text("help.usage")): gridctl \(globals.joined(separator: " ")) COMMAND [ARGS]", "", "\(text("help.commands")):"]
        for spec in CommandTable.all {
            lines.append("  " + spec.name.padded(to: width) + text(spec.summaryKey))
        }
        lines += ["", "\(text("help.global")):"]
        lines += optionLines(CommandTable.globalOptions, language) { "opt.\($0.keyName)" }
        lines += ["", "\(text("help.exit")):"] + exitLines(CommandTable.exitStatuses, language)
        lines += ["", text("help.more")]
        return lines.joined(separator: "\n") + "\n"
    }

    /// One command: usage line, summary, options, examples, exit statuses.
    public static func command(_ spec: CommandSpec, _ language: Language) -> String {
        let text = { (key: String) in Messages.text(key, language) }
        let catalogue = Messages.catalogue(language)
        var lines = ["\(text("help.usage")): \(usageLine(spec))", "", text(spec.summaryKey), "", "\(text("help.options")):"]
        lines += optionLines(spec.options, language) { spec.helpKey($0, in: catalogue) }
        lines += ["", "\(text("help.examples")):"] + spec.examples.map { "  gridctl \($0)" }
        lines += ["", "\(text("help.exit")):"] + exitLines(spec.exitCodes, language)
        return lines.joined(separator: "\n") + "\n"
    }

    /// `gridctl transfer ID --to CELL|COMMUNITY [OPTIONS]`: the arguments and required options.
    public static func usageLine(_ spec: CommandSpec) -> String {
        var parts = ["gridctl", spec.name]
        if !spec.arguments.isEmpty { parts.append(spec.arguments) }
        parts += spec.options.filter(\.required).map(\.display)
        parts.append("[OPTIONS]")
        return parts.joined(separator: " ")
    }

    /// `  --flag VALUE  help`, aligned; an option longer than `maxColumn` has its help on the
    /// next line, so one long value list does not push every help to the right.
    static func optionLines(_ options: [OptionSpec], _ language: Language, key: (OptionSpec) -> String) -> [String] {
        let maxColumn = 26
        let width = min(maxColumn, options.map { DisplayWidth.of($0.display) }.max() ?? 0) + 2
        return options.flatMap { option in
            var help = Messages.text(key(option), language)
            if option.required { help += Messages.text("help.required", language) }
            guard DisplayWidth.of(option.display) <= maxColumn else {
                return ["  " + option.display, "  " + String(repeating: " ", count: width) + help]
            }
            return ["  " + option.display.padded(to: width) + help]
        }
    }

    static func exitLines(_ codes: [Int32], _ language: Language) -> [String] {
        codes.sorted().map { "  " + String($0).padded(to: 4) + Messages.text("exit.\($0)", language) }
    }

    /// The candidate closest to `word` (edits counting a swap of neighbours as one), if it is
    /// close enough to be what was meant: at most one edit for short words, two for longer,
    /// or the only candidate that starts with `word`.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word, $0)) }.sorted { $0.1 < $1.1 }
        if let (best, score) = scored.first, score <= (word.count <= 4 ? 1 : 2) { return best }
        let prefixed = candidates.filter { $0.hasPrefix(word) && word.count >= 2 }
        return prefixed.count == 1 ? prefixed[0] : nil
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var rows = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { rows[i][0] = i }
        for j in 0...b.count { rows[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1) }
            }
        }
        return rows[a.count][b.count]
    }
}

extension String {
    /// Padded with spaces to `width` terminal columns (at least two spaces after a longer one).
    func padded(to width: Int) -> String {
        let visible = DisplayWidth.of(self)
        return self + String(repeating: " ", count: visible < width ? width - visible : 2)
    }
}
