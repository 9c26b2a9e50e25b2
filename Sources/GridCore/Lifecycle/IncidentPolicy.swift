/// The deadlines an incident lives by, snapshotted from the config's escalation policy when the
/// incident is created, so that a reload never moves deadlines already set.
public struct IncidentPolicy: Sendable, Hashable {
    /// 受理时限 and 处置时限 of one tier.
    public struct TierWindows: Sendable, Hashable {
        public var ack: PolicyDuration
        public var resolve: PolicyDuration

        public init(ack: PolicyDuration, resolve: PolicyDuration) {
            self.ack = ack
            self.resolve = resolve
        }
    }

    /// The windows of every tier from the start tier up to `topTier`.
    public var windows: [Tier: TierWindows]
    /// The highest tier: a window missed here leaves the case there, reminded (no tier above).
    public var topTier: Tier
    /// The yellow light: a warning at this fraction of each window (0 < f < 1; 0 disables).
    public var warningFraction: Double
    /// How often a case missed at the top tier is reminded.
    public var reminderInterval: PolicyDuration
    /// How long the verifier (核查) has after a resolve.
    public var verificationWindow: PolicyDuration
    /// 案件处置时限 (`Case=`): registration → resolve, whatever tier holds the case. Nil: the
    /// default, the start tier's ack window followed by its resolve window.
    public var caseWindow: PolicyDuration?
    /// 立案时限 (`Register=`): receipt → 立案 for a report that waits for registration. Nil: none
    /// (no warning, never late).
    public var registerWindow: PolicyDuration?

    public init(
        windows: [Tier: TierWindows], topTier: Tier, warningFraction: Double, reminderInterval: PolicyDuration,
        verificationWindow: PolicyDuration, caseWindow: PolicyDuration? = nil, registerWindow: PolicyDuration? = nil
    ) {
        self.windows = windows
        self.topTier = topTier
        self.warningFraction = warningFraction
        self.reminderInterval = reminderInterval
        self.verificationWindow = verificationWindow
        self.caseWindow = caseWindow
        self.registerWindow = registerWindow
    }

    /// How `caseWindow` is stored and shown: its duration, or `ack+resolve` for the default.
    public static let defaultCaseWindowText = "ack+resolve"

    public var caseWindowText: String { caseWindow.map(PolicyDurationSyntax.format) ?? Self.defaultCaseWindowText }

    /// The windows tier by tier in a fixed order: the synthesized hash of the dictionary hashes
    /// each entry with a hasher of its own (the order of a dictionary is not fixed), and the
    /// store looks a snapshot's stored text up by it for every new incident.
    public func hash(into hasher: inout Hasher) {
        for tier in Tier.allCases { hasher.combine(windows[tier]) }
        hasher.combine(topTier)
        hasher.combine(warningFraction)
        hasher.combine(reminderInterval)
        hasher.combine(verificationWindow)
        hasher.combine(caseWindow)
        hasher.combine(registerWindow)
    }

    /// The windows at `tier`, falling back to the nearest tier below that has some.
    public func windows(at tier: Tier) -> TierWindows? {
        var current: Tier? = tier
        while let candidate = current {
            if let found = windows[candidate] { return found }
            current = Tier(rawValue: candidate.rawValue - 1)
        }
        return nil
    }
}

extension IncidentPolicy {
    /// The stored form (the `policy` column): durations in the policy syntax, so a person
    /// reading the database sees `2wh`, not milliseconds.
    public var json: JSONValue {
        var tiers = JSONObject()
        for tier in Tier.allCases {
            guard let windows = windows[tier] else { continue }
            tiers.appendUnchecked(
                tier.name,
                [
                    "ack": .string(PolicyDurationSyntax.format(windows.ack)),
                    "resolve": .string(PolicyDurationSyntax.format(windows.resolve)),
                ])
        }
        var object: JSONObject = [
            "windows": .object(tiers), "top_tier": .string(topTier.name), "warning_fraction": .double(warningFraction),
            "reminder_interval": .string(PolicyDurationSyntax.format(reminderInterval)),
            "verification_window": .string(PolicyDurationSyntax.format(verificationWindow)),
            "case": .string(caseWindowText),
        ]
        if let registerWindow { object.appendUnchecked("register", .string(PolicyDurationSyntax.format(registerWindow))) }
        return .object(object)
    }

    /// Reads the stored form back; nil if it is not one. A snapshot from before `Case=` (no
    /// `case` key) has the default case window.
    public init?(json: JSONValue) {
        func duration(_ value: JSONValue?) -> PolicyDuration? {
            guard let text = value?.stringValue, case .success(let parsed) = PolicyDurationSyntax.parse(text) else { return nil }
            return parsed
        }
        guard let object = json.objectValue, let tiers = object["windows"]?.objectValue,
            let topName = object["top_tier"]?.stringValue, let top = Tier(name: topName),
            let fraction = object["warning_fraction"]?.doubleValue,
            let reminder = duration(object["reminder_interval"]),
            let verification = duration(object["verification_window"])
        else { return nil }
        var windows: [Tier: TierWindows] = [:]
        for (name, value) in tiers.pairs {
            guard let tier = Tier(name: name), let ack = duration(value.objectValue?["ack"]),
                let resolve = duration(value.objectValue?["resolve"])
            else { return nil }
            windows[tier] = TierWindows(ack: ack, resolve: resolve)
        }
        var caseWindow: PolicyDuration?
        if let text = object["case"]?.stringValue, text != Self.defaultCaseWindowText {
            guard let parsed = duration(object["case"]) else { return nil }
            caseWindow = parsed
        } else if let value = object["case"], value.stringValue == nil {
            return nil
        }
        var registerWindow: PolicyDuration?
        if let value = object["register"], !value.isNull {
            guard let parsed = duration(value) else { return nil }
            registerWindow = parsed
        }
        self.init(
            windows: windows, topTier: top, warningFraction: fraction, reminderInterval: reminder,
            verificationWindow: verification, caseWindow: caseWindow, registerWindow: registerWindow)
    }
}

extension IncidentPolicy {
    /// No windows at all: nothing ever falls due. For incidents built in tests that do not
    /// exercise deadlines.
    public static let unset = IncidentPolicy(
        windows: [:], topTier: .city, warningFraction: 0, reminderInterval: .calendar(0), verificationWindow: .calendar(0))
}
