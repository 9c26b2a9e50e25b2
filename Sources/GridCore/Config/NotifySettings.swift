/// `[Notify]`: the program that carries notifications out of gridd (an SMS, WeChat Work or e-mail
/// gateway), which event kinds it gets, and how its deliveries are run and retried
/// (see docs/CONFIG.md). Absent from the config (`GridConfig.notify == nil`): no notifications.
///
/// It exists so that the delivery rules — how many at once, how long one may take, when the next
/// try is due, when to give up — are data checked at load time, and the arithmetic of the
/// backoff is pure and testable.
public struct NotifySettings: Sendable, Equatable {
    /// The event kinds notified when `Events=` is not set.
    public static let defaultEvents: [IncidentEvent.Kind] = [.dispatched, .warning, .escalated, .overdue]

    /// `Exec=`: the program (absolute path) and its arguments, as split by `ExecSyntax`.
    public var command: [String]
    /// `Events=`: the kinds that get a notification, in `IncidentEvent.Kind.allCases` order.
    public var events: [IncidentEvent.Kind]
    /// `Concurrency=`: most programs running at once. Default 4.
    public var concurrency: Int
    /// `Timeout=`: a run still going after this is stopped (SIGTERM, then SIGKILL) and counts as
    /// a failed attempt. Default 10s.
    public var timeoutMilliseconds: Int64
    /// `RetryDelay=`: the wait after the first failed attempt; it doubles after each further one.
    /// Default 5s.
    public var retryDelayMilliseconds: Int64
    /// `RetryMaxDelay=`: the most the wait grows to. Default 10min.
    public var retryMaxDelayMilliseconds: Int64
    /// `MaxAttempts=`: attempts before giving up; nil (`infinity`, the default) retries forever.
    public var maxAttempts: Int?

    public init(
        command: [String], events: [IncidentEvent.Kind] = NotifySettings.defaultEvents, concurrency: Int = 4,
        timeoutMilliseconds: Int64 = 10_000, retryDelayMilliseconds: Int64 = 5_000,
        retryMaxDelayMilliseconds: Int64 = 600_000, maxAttempts: Int? = nil
    ) {
        self.command = command
        self.events = events
        self.concurrency = concurrency
        self.timeoutMilliseconds = timeoutMilliseconds
        self.retryDelayMilliseconds = retryDelayMilliseconds
        self.retryMaxDelayMilliseconds = retryMaxDelayMilliseconds
        self.maxAttempts = maxAttempts
    }

    /// How long to wait before the next attempt after `attempts` failed ones (1 or more):
    /// `RetryDelay × 2^(attempts − 1)`, at most `RetryMaxDelay`.
    public func retryDelay(afterAttempts attempts: Int) -> Int64 {
        var delay = retryDelayMilliseconds
        var doublings = max(0, attempts - 1)
        while doublings > 0, delay < retryMaxDelayMilliseconds {
            delay = delay > Int64.max / 2 ? Int64.max : delay * 2
            doublings -= 1
        }
        return min(delay, retryMaxDelayMilliseconds)
    }

    /// Whether a notification that has failed `attempts` times is given up on.
    public func givesUp(afterAttempts attempts: Int) -> Bool {
        maxAttempts.map { attempts >= $0 } ?? false
    }

    /// `Exec=` as the config would write it (for logs and status).
    public var commandLine: String { ExecSyntax.join(command) }
}

/// The command line syntax of `Exec=`: words separated by blanks; a word in double or single
/// quotes keeps its blanks (`"--subject=事件 派遣"`); inside double quotes `\"` and `\\` stand
/// for `"` and `\`. No variables, globs or redirections: the program is run directly, not by a shell.
public enum ExecSyntax {
    public static func split(_ text: String) -> Result<[String], ValueSyntaxError> {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if let open = quote {
                if escaped {
                    current.append(character)
                    escaped = false
                } else if open == "\"" && character == "\\" {
                    escaped = true
                } else if character == open {
                    quote = nil
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case " ", "\t":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            case "\"", "'":
                quote = character
                inWord = true
            default:
                current.append(character)
                inWord = true
            }
        }
        if let open = quote {
            return .failure(ValueSyntaxError("unterminated \(open) quote; expected a closing \(open)"))
        }
        if inWord { words.append(current) }
        return .success(words)
    }

    /// The words joined back into one line, quoting those that need it.
    public static func join(_ words: [String]) -> String {
        words.map { word in
            let plain = !word.isEmpty && !word.contains { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" || $0 == "\\" }
            if plain { return word }
            var quoted = "\""
            for character in word {
                if character == "\\" || character == "\"" { quoted.append("\\") }
                quoted.append(character)
            }
            return quoted + "\""
        }.joined(separator: " ")
    }
}
