/// The escalation policy of the config (`[Policy]` and `[Policy CODE]`): per category × priority,
/// for each tier, an ack window (受理时限) and a resolve window (处置时限), plus the yellow-light
/// fraction, the top tier, the overdue reminder interval and the verification window.
///
/// It exists so that the rules an operator writes (defaults, overridden by tier, by priority and by
/// category) are resolved in one place, with one documented precedence, into the `IncidentPolicy`
/// snapshot an incident keeps for life (`snapshot(category:priority:)`).
///
/// Precedence of the window keys, most specific first (the first one set wins):
///
/// | # | Section | Key |
/// |---|---------|-----|
/// | 1 | `[Policy CODE]` | `Ack.<tier>.<priority>=` |
/// | 2 | `[Policy CODE]` | `Ack.<tier>=` |
/// | 3 | `[Policy CODE]` | `Ack.<priority>=` |
/// | 4 | `[Policy CODE]` | `Ack=` |
/// | 5 | `[Policy]` | `Ack.<tier>.<priority>=` |
/// | 6 | `[Policy]` | `Ack.<tier>=` |
/// | 7 | `[Policy]` | `Ack.<priority>=` |
/// | 8 | `[Policy]` | `Ack=` |
///
/// so any key of a category's own section beats every `[Policy]` key, and within a section a tier
/// beats a priority. `Resolve=` works the same way. `Case=` (案件处置时限, the case deadline) and
/// `Register=` (立案时限, receipt → 立案 for reports that wait for it) take a priority only — the case deadline is not per tier — with ranks 3, 4, 7 and 8; unset, a
/// snapshot has the default (the start tier's ack plus resolve). The scalar settings (`WarningAt=`,
/// `ReminderEvery=`, `Verify=` (alias `VerifyWithin=`), `TopTier=`) take no qualifiers: the category's value, else
/// the `[Policy]` value, else the built-in default.
public struct EscalationPolicy: Sendable, Equatable {
    /// The two windows of a tier.
    public enum Window: String, Sendable, CaseIterable, CustomStringConvertible {
        /// 受理时限: `Ack=`.
        case ack = "Ack"
        /// 处置时限: `Resolve=`.
        case resolve = "Resolve"

        public var description: String { rawValue }
    }

    /// The qualifiers of a window key: `Ack` (none), `Ack.street`, `Ack.urgent`, `Ack.street.urgent`.
    public struct Qualifier: Sendable, Hashable, CustomStringConvertible {
        public var tier: Tier?
        public var priority: Priority?

        public init(tier: Tier? = nil, priority: Priority? = nil) {
            self.tier = tier
            self.priority = priority
        }

        /// The key suffix as written: `""`, `.street`, `.urgent`, `.street.urgent`.
        public var description: String {
            (tier.map { ".\($0.name)" } ?? "") + (priority.map { ".\($0.rawValue)" } ?? "")
        }

        /// The qualifiers that apply to `tier` × `priority`, most specific first (ranks 1–4 or 5–8
        /// of the precedence table).
        public static func candidates(tier: Tier, priority: Priority) -> [Qualifier] {
            [Qualifier(tier: tier, priority: priority), Qualifier(tier: tier), Qualifier(priority: priority), Qualifier()]
        }
    }

    /// What one section (`[Policy]` or one `[Policy CODE]`) sets. Unset scalars are nil.
    public struct Rules: Sendable, Equatable {
        public var ack: [Qualifier: PolicyDuration]
        public var resolve: [Qualifier: PolicyDuration]
        /// `Case=` by priority (nil: `Case=` itself): the case deadline, from registration to resolve.
        public var caseWindow: [Priority?: PolicyDuration]
        /// `Register=` by priority (nil: `Register=` itself): 立案时限, receipt → 立案.
        public var registerWindow: [Priority?: PolicyDuration] = [:]
        /// `WarningAt=`: 0 disables the yellow light; otherwise 0 < f < 1.
        public var warningFraction: Double?
        /// `ReminderEvery=`: how often a case missed at the top tier is reminded.
        public var reminderInterval: PolicyDuration?
        /// `Verify=` (or its old name `VerifyWithin=`): the verification (核查) window after a resolve.
        public var verificationWindow: PolicyDuration?
        /// `TopTier=`: district or city.
        public var topTier: Tier?

        public init(
            ack: [Qualifier: PolicyDuration] = [:], resolve: [Qualifier: PolicyDuration] = [:],
            warningFraction: Double? = nil, reminderInterval: PolicyDuration? = nil,
            verificationWindow: PolicyDuration? = nil, topTier: Tier? = nil, caseWindow: [Priority?: PolicyDuration] = [:]
        ) {
            self.ack = ack
            self.resolve = resolve
            self.caseWindow = caseWindow
            self.warningFraction = warningFraction
            self.reminderInterval = reminderInterval
            self.verificationWindow = verificationWindow
            self.topTier = topTier
        }

        public subscript(window: Window) -> [Qualifier: PolicyDuration] {
            get { window == .ack ? ack : resolve }
            set { if window == .ack { ack = newValue } else { resolve = newValue } }
        }
    }

    /// Where a resolved window came from: the category's section (nil for `[Policy]`) and the key.
    public struct Source: Sendable, Hashable, CustomStringConvertible {
        public var category: String?
        public var window: Window
        public var qualifier: Qualifier

        public init(category: String?, window: Window, qualifier: Qualifier) {
            self.category = category
            self.window = window
            self.qualifier = qualifier
        }

        /// E.g. `[Policy 0401] Ack=` or `[Policy] Resolve.street.urgent=`.
        public var description: String {
            (category.map { "[Policy \($0)]" } ?? "[Policy]") + " \(window.rawValue)\(qualifier)="
        }
    }

    /// Built-in defaults of the scalar settings, used when neither section sets them.
    public static let defaultWarningFraction = 0.8
    public static let defaultReminderInterval = PolicyDuration.workingDays(1)
    public static let defaultVerificationWindow = PolicyDuration.workingDays(1)
    public static let defaultTopTier = Tier.city
    /// The tiers `TopTier=` may name.
    public static let topTierChoices: [Tier] = [.district, .city]

    /// `[Policy]`.
    public var defaults: Rules
    /// `[Policy CODE]`, by category code.
    public var categories: [String: Rules]

    /// An empty policy has no windows: snapshots have none, and nothing falls due.
    public init(defaults: Rules = Rules(), categories: [String: Rules] = [:]) {
        self.defaults = defaults
        self.categories = categories
    }

    /// The window of `category` at `tier` for `priority` and the key it came from, by the
    /// precedence table; nil when no key applies.
    public func resolved(_ window: Window, category: String, tier: Tier, priority: Priority) -> (duration: PolicyDuration, source: Source)? {
        let qualifiers = Qualifier.candidates(tier: tier, priority: priority)
        if let own = categories[category] {
            for qualifier in qualifiers {
                if let duration = own[window][qualifier] {
                    return (duration, Source(category: category, window: window, qualifier: qualifier))
                }
            }
        }
        for qualifier in qualifiers {
            if let duration = defaults[window][qualifier] {
                return (duration, Source(category: nil, window: window, qualifier: qualifier))
            }
        }
        return nil
    }

    /// The window of `category` at `tier` for `priority`, by the precedence table.
    public func window(_ window: Window, category: String, tier: Tier, priority: Priority) -> PolicyDuration? {
        resolved(window, category: category, tier: tier, priority: priority)?.duration
    }

    /// `Case=` of `category` for `priority`: `[Policy C] Case.P=`, `[Policy C] Case=`,
    /// `[Policy] Case.P=`, `[Policy] Case=`, the first set; nil for the default (ack + resolve).
    public func caseWindow(category: String, priority: Priority) -> PolicyDuration? {
        for rules in [categories[category], defaults].compactMap({ $0 }) {
            if let duration = rules.caseWindow[priority] ?? rules.caseWindow[nil] { return duration }
        }
        return nil
    }

    /// `Register=` of `category` for `priority`, with `Case=`'s precedence; nil: no 立案时限.
    public func registerWindow(category: String, priority: Priority) -> PolicyDuration? {
        for rules in [categories[category], defaults].compactMap({ $0 }) {
            if let duration = rules.registerWindow[priority] ?? rules.registerWindow[nil] { return duration }
        }
        return nil
    }

    public func topTier(category: String) -> Tier {
        categories[category]?.topTier ?? defaults.topTier ?? Self.defaultTopTier
    }

    public func warningFraction(category: String) -> Double {
        categories[category]?.warningFraction ?? defaults.warningFraction ?? Self.defaultWarningFraction
    }

    public func reminderInterval(category: String) -> PolicyDuration {
        categories[category]?.reminderInterval ?? defaults.reminderInterval ?? Self.defaultReminderInterval
    }

    public func verificationWindow(category: String) -> PolicyDuration {
        categories[category]?.verificationWindow ?? defaults.verificationWindow ?? Self.defaultVerificationWindow
    }

    /// The tiers an incident of `category` can stand at: its start tier up to the top tier.
    /// A start tier above the top tier (which the loader refuses) gives just the start tier.
    public func tiers(of category: Category) -> [Tier] {
        let top = max(topTier(category: category.code), category.startTier)
        return Tier.allCases.filter { $0 >= category.startTier && $0 <= top }
    }

    /// The policy an incident of `category` with `priority` keeps for life: ack and resolve windows
    /// for every tier from the category's start tier up to its top tier (a tier is left out only
    /// if a window is missing, which the loader refuses), the warning fraction, the top tier, the
    /// reminder interval, the verification window and the case window (`Case=`).
    public func snapshot(category: Category, priority: Priority) -> IncidentPolicy {
        var windows: [Tier: IncidentPolicy.TierWindows] = [:]
        for tier in tiers(of: category) {
            guard let ack = window(.ack, category: category.code, tier: tier, priority: priority),
                let resolve = window(.resolve, category: category.code, tier: tier, priority: priority)
            else { continue }
            windows[tier] = IncidentPolicy.TierWindows(ack: ack, resolve: resolve)
        }
        return IncidentPolicy(
            windows: windows, topTier: max(topTier(category: category.code), category.startTier),
            warningFraction: warningFraction(category: category.code),
            reminderInterval: reminderInterval(category: category.code),
            verificationWindow: verificationWindow(category: category.code),
            caseWindow: caseWindow(category: category.code, priority: priority),
            registerWindow: registerWindow(category: category.code, priority: priority))
    }
}
