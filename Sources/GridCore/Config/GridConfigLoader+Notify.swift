extension GridConfigLoader {
    public static let notifyKeys = ConfigSchema.keys("Notify")
    /// Bounds of the `[Notify]` durations: a run needs some time; a retry sooner than this would
    /// hammer a gateway that is down.
    public static let notifyTimeoutRange: ClosedRange<Int64> = 100...3_600_000
    public static let notifyRetryDelayRange: ClosedRange<Int64> = 100...86_400_000
    public static let notifyRetryMaxDelayRange: ClosedRange<Int64> = 100...604_800_000
}

extension GridConfigFileLoader {
    /// `[Notify]` (present: notifications are on). `Exec=` is required; every other key has a
    /// default, and an empty value resets it. Whether the program exists is checked when the
    /// daemon loads the config (`CityLoader`), not here: this is pure.
    mutating func loadNotify(_ sections: [IniSection]) -> NotifySettings? {
        var settings = NotifySettings(command: [])
        let defaults = settings
        var sawExec = false
        var delayLine = 0
        var maxDelayLine = 0
        for section in sections {
            for entry in section.entries {
                guard known(entry, in: section, keys: GridConfigLoader.notifyKeys) else { continue }
                switch entry.key {
                case "Exec":
                    sawExec = true
                    settings.command = []
                    switch ExecSyntax.split(entry.value) {
                    case .failure(let error):
                        problem(entry.line, "Exec=\(entry.value): \(error.message)")
                    case .success(let words) where words.isEmpty:
                        problem(entry.line, "Exec= is empty: expected the program to run and its arguments, e.g. Exec=/usr/local/bin/gridd-notify --sms")
                    case .success(let words) where !words[0].hasPrefix("/"):
                        problem(entry.line, "Exec=\(entry.value): the program must be an absolute path (found \(ConfigText.quoted(words[0])))")
                    case .success(let words):
                        settings.command = words
                    }
                case "Events":
                    if entry.value.isEmpty { settings.events = defaults.events; continue }
                    if let kinds = eventKinds(entry) { settings.events = kinds }
                case "Concurrency":
                    if let n = count(entry, default: defaults.concurrency, range: 1...64) { settings.concurrency = n }
                case "MaxAttempts":
                    if entry.value.isEmpty || entry.value == "infinity" { settings.maxAttempts = nil; continue }
                    if let n = count(entry, default: 1, range: 1...1_000_000) { settings.maxAttempts = n }
                default:  // Timeout, RetryDelay, RetryMaxDelay
                    let range: ClosedRange<Int64>
                    let fallback: Int64
                    switch entry.key {
                    case "Timeout": (range, fallback) = (GridConfigLoader.notifyTimeoutRange, defaults.timeoutMilliseconds)
                    case "RetryDelay":
                        (range, fallback) = (GridConfigLoader.notifyRetryDelayRange, defaults.retryDelayMilliseconds)
                        delayLine = entry.line
                    default:
                        (range, fallback) = (GridConfigLoader.notifyRetryMaxDelayRange, defaults.retryMaxDelayMilliseconds)
                        maxDelayLine = entry.line
                    }
                    guard let ms = duration(entry, default: fallback, range: range) else { continue }
                    switch entry.key {
                    case "Timeout": settings.timeoutMilliseconds = ms
                    case "RetryDelay": settings.retryDelayMilliseconds = ms
                    default: settings.retryMaxDelayMilliseconds = ms
                    }
                }
            }
        }
        if !sawExec {
            problem(sections[0].line, "[Notify] is missing Exec= (required: the program that delivers notifications, e.g. Exec=/usr/local/bin/gridd-notify)")
        }
        if settings.retryMaxDelayMilliseconds < settings.retryDelayMilliseconds {
            problem(max(delayLine, maxDelayLine),
                    "RetryMaxDelay=\(DurationSyntax.format(milliseconds: settings.retryMaxDelayMilliseconds)) is shorter than RetryDelay=\(DurationSyntax.format(milliseconds: settings.retryDelayMilliseconds)); the delay grows from RetryDelay= up to RetryMaxDelay=")
        }
        return settings.command.isEmpty ? nil : settings
    }

    /// `Events=dispatched warning escalated`: kinds separated by blanks or commas, each one of
    /// `IncidentEvent.Kind`; nil after reporting the unknown ones.
    private mutating func eventKinds(_ entry: IniEntry) -> [IncidentEvent.Kind]? {
        let names = IncidentEvent.Kind.allCases.map(\.rawValue)
        var chosen: Set<IncidentEvent.Kind> = []
        var bad = false
        for word in entry.value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }) {
            if let kind = IncidentEvent.Kind(rawValue: word.lowercased()) {
                chosen.insert(kind)
                continue
            }
            bad = true
            let hint = ConfigDiagnostic.closestMatch(to: String(word), among: names).map { "; did you mean \($0)?" } ?? ""
            problem(entry.line, "Events=\(entry.value): unknown event kind \(ConfigText.quoted(String(word)))\(hint) (kinds: \(names.joined(separator: ", ")))")
        }
        if !bad && chosen.isEmpty {
            problem(entry.line, "Events=\(entry.value): no event kind named (kinds: \(names.joined(separator: ", ")))")
            return nil
        }
        return bad ? nil : IncidentEvent.Kind.allCases.filter(chosen.contains)
    }

    /// A duration in `range` (milliseconds); the default for an empty value; nil after a problem.
    private mutating func duration(_ entry: IniEntry, default value: Int64, range: ClosedRange<Int64>) -> Int64? {
        if entry.value.isEmpty { return value }
        switch DurationSyntax.milliseconds(entry.value) {
        case .success(let ms) where range.contains(ms):
            return ms
        case .success:
            problem(entry.line, "\(entry.key)=\(entry.value): expected a duration from \(DurationSyntax.format(milliseconds: range.lowerBound)) to \(DurationSyntax.format(milliseconds: range.upperBound))")
        case .failure(let error):
            problem(entry.line, "\(entry.key)=\(entry.value): \(error.message)")
        }
        return nil
    }
}
