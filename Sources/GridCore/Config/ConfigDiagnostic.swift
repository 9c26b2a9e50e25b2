/// One problem found in a configuration file, printed the way compilers and `systemd-analyze
/// verify` print them: `file:line: message`, or `file: message` for whole-file problems (line 0).
public struct ConfigDiagnostic: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The file as the operator named it.
    public var file: String
    /// 1-based line number, or 0 when the problem concerns the whole file (a missing section).
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
    }
}

/// Every problem found in a configuration file (or in the files it names, such as holiday files),
/// grouped by file in order of first appearance, each file's problems in line order (whole-file
/// problems last).
public struct ConfigDiagnostics: Error, Sendable, Equatable, CustomStringConvertible {
    public var diagnostics: [ConfigDiagnostic]

    public init(_ diagnostics: [ConfigDiagnostic]) {
        self.diagnostics = ConfigDiagnostics.ordered(diagnostics)
    }

    /// One diagnostic per line, ready for stderr.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }

    /// Stable sort by file (in order of first appearance), then by line, with line 0 (whole-file
    /// problems) after the numbered ones.
    static func ordered(_ diagnostics: [ConfigDiagnostic]) -> [ConfigDiagnostic] {
        var fileOrder: [String: Int] = [:]
        for diagnostic in diagnostics where fileOrder[diagnostic.file] == nil {
            fileOrder[diagnostic.file] = fileOrder.count
        }
        return diagnostics.enumerated().sorted { a, b in
            let fa = fileOrder[a.element.file]!, fb = fileOrder[b.element.file]!
            if fa != fb { return fa < fb }
            let la = a.element.line == 0 ? Int.max : a.element.line
            let lb = b.element.line == 0 ? Int.max : b.element.line
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
    }
}

extension ConfigDiagnostic {
    /// "Did you mean" support: the candidate closest to `word` by edit distance (case-insensitive),
    /// if it is within `maxDistance` edits. Ties go to the earlier candidate.
    public static func closestMatch(to word: String, among candidates: [String], maxDistance: Int = 2) -> String? {
        let target = Array(word.lowercased().unicodeScalars)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = ConfigDiagnostic.editDistance(target, Array(candidate.lowercased().unicodeScalars))
            if distance <= maxDistance, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// Levenshtein distance (insert, delete, substitute, each cost 1).
    static func editDistance<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
