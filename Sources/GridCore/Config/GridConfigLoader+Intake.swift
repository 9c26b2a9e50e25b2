/// `[Intake]`: which channels' reports wait for an operator's 立案 (see docs/CONFIG.md).
public struct IntakeSettings: Sendable, Equatable {
    /// `Wait=`: reports from these channels wait as `reported` (待立案) until an operator registers
    /// or rejects them; the others are registered at once (自动立案). Default: resident and hotline.
    public var waitingChannels: Set<Channel>

    public static let defaultWaitingChannels: Set<Channel> = [.resident, .hotline]

    public init(waitingChannels: Set<Channel> = IntakeSettings.defaultWaitingChannels) {
        self.waitingChannels = waitingChannels
    }

    /// Whether a report from `channel` waits for 立案.
    public func waits(_ channel: Channel) -> Bool { waitingChannels.contains(channel) }
}

extension GridConfigLoader {
    public static let intakeKeys = ConfigSchema.keys("Intake")
}

extension GridConfigFileLoader {
    /// `[Intake] Wait=CHANNEL…` (blank- or comma-separated; `Wait=none` or an empty list: every
    /// channel is registered at once; an empty value resets to the default).
    mutating func loadIntake(_ sections: [IniSection]) -> IntakeSettings {
        var settings = IntakeSettings()
        for section in sections {
            for entry in section.entries {
                guard known(entry, in: section, keys: GridConfigLoader.intakeKeys) else { continue }
                if entry.value.isEmpty {
                    settings.waitingChannels = IntakeSettings.defaultWaitingChannels
                    continue
                }
                var channels: Set<Channel> = []
                let words = entry.value.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
                if words == ["none"] {
                    settings.waitingChannels = []
                    continue
                }
                var valid = true
                for word in words {
                    if let channel = Channel(rawValue: word) {
                        channels.insert(channel)
                    } else {
                        let names = Channel.allCases.map(\.rawValue)
                        let hint = ConfigDiagnostic.closestMatch(to: word, among: names).map { "; did you mean \($0)?" } ?? ""
                        problem(entry.line, "Wait=\(entry.value): unknown channel \(ConfigText.quoted(word))\(hint) (channels: \(names.joined(separator: ", ")); Wait=none: every channel is registered at once)")
                        valid = false
                    }
                }
                if valid { settings.waitingChannels = channels }
            }
        }
        return settings
    }
}
