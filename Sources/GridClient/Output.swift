import GridCore
import GridSystem

/// Where gridctl writes: stdout for results, stderr for diagnostics (via write(2): Swift 6's
/// global `stdout` is not concurrency-safe). Tests capture it by giving their own sink.
public struct Output: Sendable {
    public var standardOutput: @Sendable (String) -> Void
    public var standardError: @Sendable (String) -> Void
    /// The language of the words for people (`Language.resolve`); JSON is the same in both.
    public var language: Language = .en
    /// Whether lights and states are coloured (`Colour.enabled`: a terminal, no `NO_COLOR`).
    public var colour = false
    /// Where a usage error points: `gridctl submit --help`, once the command is known.
    public var usageHint: String?

    public init(standardOutput: @escaping @Sendable (String) -> Void, standardError: @escaping @Sendable (String) -> Void) {
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// The catalogue's text for `key` in this output's language.
    func text(_ key: String, _ values: [String: String] = [:]) -> String {
        Messages.text(key, language, values)
    }

    public static let terminal = Output(
        standardOutput: { writeDiagnostic($0, to: .standardOutput) },
        standardError: { writeDiagnostic($0, to: .standardError) })

    /// `text` in `colour` (if any) when this output is coloured.
    func paint(_ text: String, _ colour: Colour?) -> String {
        colour?.paint(text, self.colour) ?? text
    }

    /// Prints a JSON value as one line (for `--json`): exact, JSON escapes what must be escaped.
    public func json(_ value: JSONValue) {
        standardOutput(value.serialized() + "\n")
    }

    /// Prints one line for people on stdout, in its visible form (`VisibleText`).
    public func line(_ text: String) {
        standardOutput(VisibleText.escaped(text) + "\n")
    }

    /// Prints `gridctl: ERROR` on stderr, in its visible form (the daemon's messages quote the
    /// text they refuse); a usage error is one line that ends with where the help is.
    public func error(_ error: ClientError) {
        switch error {
        case .usage(let message):
            self.error(text("usage.withHint", ["message": message, "hint": usageHint ?? text("usage.seeCommands")]))
        case .refused(let refusal):
            // The daemon's message (English, it quotes what it refuses), then what would make it work.
            var line = text("refused.line", ["code": refusal.code.rawValue, "message": refusal.message])
            if let hint = Messages.catalogue(language)["refused.\(refusal.code.rawValue)"] { line += hint }
            self.error(line)
        default:
            self.error(error.description)
        }
    }

    /// Prints `gridctl: MESSAGE` on stderr, in its visible form.
    public func error(_ message: String) {
        standardError("gridctl: \(VisibleText.escaped(message))\n")
    }
}

/// Reads a field of a response object as display text ("-" when absent), in its visible form
/// (`VisibleText`: no control character reaches the terminal).
extension JSONValue {
    subscript(_ key: String) -> JSONValue? { objectValue?[key] }

    var text: String {
        switch self {
        case .string(let string): return VisibleText.escaped(string)
        case .int(let int): return String(int)
        case .double(let double): return String(double)
        case .bool(let bool): return bool ? "yes" : "no"
        case .null: return "-"
        default: return VisibleText.escaped(serialized())
        }
    }

    /// `{code, name}` unit objects as `花园社区 (320506001001)`.
    var unitText: String {
        guard let code = self["code"]?.stringValue else { return "-" }
        if let name = self["name"]?.stringValue { return VisibleText.escaped("\(name) (\(code))") }
        return VisibleText.escaped(code)
    }
}
