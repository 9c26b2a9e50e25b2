import GridCore
import GridSystem

#if canImport(Glibc)
    import Glibc
#endif

/// Colour for the lights (红灯 red, 黄灯 yellow, 绿灯 green) and the states people act on, so a
/// red case stands out on a terminal. None unless stdout is a terminal, none when `NO_COLOR` is
/// set to anything non-empty (no-color.org), and `--color always|never` decides over both.
/// Colour is added after a table is laid out (`TextTable.render(paint:)`), so the escapes never
/// count as columns; the text inside is already in its visible form, so the only escapes on the
/// terminal are these.
public enum Colour: String, Sendable, CaseIterable {
    case red, yellow, green, blue, dim

    /// The SGR sequence that starts this colour.
    var start: String {
        switch self {
        case .red: return "\u{1B}[31m"
        case .yellow: return "\u{1B}[33m"
        case .green: return "\u{1B}[32m"
        case .blue: return "\u{1B}[34m"
        case .dim: return "\u{1B}[2m"
        }
    }

    static let reset = "\u{1B}[0m"

    /// `text` in this colour when `enabled`.
    func paint(_ text: String, _ enabled: Bool) -> String {
        enabled && !text.isEmpty ? start + text + Colour.reset : text
    }

    /// The colour of a light (`CaseLight` wire name).
    static func light(_ wire: String?) -> Colour? {
        switch wire {
        case "red": return .red
        case "yellow": return .yellow
        case "green": return .green
        case "paused": return .dim
        default: return nil
        }
    }

    /// The colour of a state: waiting states stand out, finished ones fade.
    static func state(_ wire: String?) -> Colour? {
        switch wire {
        case "reported", "dispatched": return .yellow
        case "acknowledged": return .blue
        case "resolved": return .green
        case "closed", "cancelled", "rejected", "deferred", "suspended": return .dim
        default: return nil
        }
    }

    /// Whether to colour stdout: `--color` (`auto`, the default, `always`, `never`), else none
    /// with `NO_COLOR` set, else only on a terminal. An unknown `--color` is a usage error.
    public static func enabled(
        flag: String?, environment: (String) -> String? = Files.environment, isTerminal: () -> Bool = { isatty(1) == 1 }
    ) throws(ClientError) -> Bool {
        switch flag {
        case "always": return true
        case "never": return false
        case nil, "auto":
            if let noColor = environment("NO_COLOR"), !noColor.isEmpty { return false }
            return isTerminal()
        case let other?:
            throw ClientError.usage("--color \(other.debugDescription): auto, always or never")
        }
    }
}
