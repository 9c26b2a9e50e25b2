/// `[Policy]` and `[Policy CODE]`: the escalation windows (see `EscalationPolicy` and docs/CONFIG.md).
extension GridConfigFileLoader {
    typealias Rules = EscalationPolicy.Rules
    typealias Qualifier = EscalationPolicy.Qualifier
    typealias Window = EscalationPolicy.Window

    /// Reads every policy section, then checks the result against the categories: `[Policy]` is
    /// required, each `[Policy CODE]` names a configured category, no category starts above its
    /// top tier, a category's tier keys lie between its start and top tier, and every category
    /// has an ack and a resolve window for every priority at every tier it can stand at.
    mutating func loadPolicy(_ sections: [IniSection], categories: CategoryCatalog) -> EscalationPolicy {
        let (policy, defaultHeader, ownHeaders) = readPolicySections(sections, categories: categories)
        guard let defaultHeader else {
            problem(0, "missing section [Policy] (it sets the default windows, e.g. Ack=2wh and Resolve=2wd)")
            return policy
        }
        let complete = checkTiers(policy, categories: categories, ownHeaders: ownHeaders)
        checkWindowsComplete(policy, of: complete, ownHeaders: ownHeaders, defaultHeader: defaultHeader)
        return policy
    }

    /// The sections' rules, merged in order, with the line of `[Policy]` and of each usable
    /// `[Policy CODE]` (the first of each).
    private mutating func readPolicySections(
        _ sections: [IniSection], categories: CategoryCatalog
    ) -> (policy: EscalationPolicy, defaultHeader: Int?, ownHeaders: [String: Int]) {
        var policy = EscalationPolicy()
        var defaultHeader: Int?
        var ownHeaders: [String: Int] = [:]
        for section in sections {
            var code: String?
            var usable = true
            if let argument = section.argument {
                if !Category.isWellFormedCode(argument) {
                    problem(section.line, "[Policy \(argument)]: category code \(ConfigText.quoted(argument)): expected 4 digits, major and minor class not 00 (e.g. [Policy 0401])")
                    usable = false
                } else if categories[argument] == nil {
                    let hint = ConfigDiagnostic.closestMatch(to: argument, among: categories.sorted.map(\.code), maxDistance: 1)
                        .map { "; did you mean [Policy \($0)]?" } ?? ""
                    problem(section.line, "[Policy \(argument)]: no category \(argument) is configured\(hint) (a [Policy CODE] section overrides the policy of one [Category CODE])")
                    usable = false
                } else {
                    code = argument
                    if ownHeaders[argument] == nil { ownHeaders[argument] = section.line }
                }
            } else if defaultHeader == nil {
                defaultHeader = section.line
            }
            var rules = !usable ? Rules() : code.map { policy.categories[$0] ?? Rules() } ?? policy.defaults
            for entry in section.entries {
                policyEntry(entry, header: section.header, code: code, record: usable, rules: &rules)
            }
            guard usable else { continue }
            if let code { policy.categories[code] = rules } else { policy.defaults = rules }
        }
        return (policy, defaultHeader, ownHeaders)
    }

    /// Start and top tiers, and tier keys of a category's own section that can never apply;
    /// returns the categories whose tiers make sense (their windows are checked next).
    private mutating func checkTiers(_ policy: EscalationPolicy, categories: CategoryCatalog, ownHeaders: [String: Int]) -> [Category] {
        var complete: [Category] = []
        for category in categories.sorted {
            let top = policy.topTier(category: category.code)
            if top < category.startTier {
                let line = lines.line(section: "Policy", argument: category.code, key: "TopTier")
                    ?? lines.line(section: "Policy", key: "TopTier") ?? 0
                problem(line, "TopTier=\(top) is below StartTier=\(category.startTier) of category \(category.code) (\(category.name)); an incident cannot start above its top tier")
                continue
            }
            complete.append(category)
            guard let own = policy.categories[category.code] else { continue }
            for window in Window.allCases {
                for qualifier in own[window].keys.sorted(by: { $0.description < $1.description }) {
                    guard let tier = qualifier.tier, tier < category.startTier || tier > top else { continue }
                    let key = "\(window.rawValue)\(qualifier)"
                    let reason = tier < category.startTier
                        ? "category \(category.code) (\(category.name)) starts at \(category.startTier) (StartTier=)"
                        : "the top tier of category \(category.code) (\(category.name)) is \(top) (TopTier=)"
                    problem(lines.line(section: "Policy", argument: category.code, key: key) ?? ownHeaders[category.code] ?? 0,
                            "\(key)=: \(reason), so this window never applies")
                }
            }
        }
        return complete
    }

    /// Every window of every category × priority × tier, grouped into one message per gap.
    private mutating func checkWindowsComplete(
        _ policy: EscalationPolicy, of complete: [Category], ownHeaders: [String: Int], defaultHeader: Int
    ) {
        for window in Window.allCases {
            var groups: [(description: String, hint: String, codes: [String])] = []
            for category in complete {
                var tokens: [String] = []
                var first: String?
                var wholeTiers = 0
                let tiers = policy.tiers(of: category)
                for tier in tiers {
                    let missing = Priority.allCases.filter {
                        policy.window(window, category: category.code, tier: tier, priority: $0) == nil
                    }
                    if missing.isEmpty { continue }
                    if missing.count == Priority.allCases.count {
                        tokens.append("tier \(tier)")
                        first = first ?? tier.name
                        wholeTiers += 1
                    } else {
                        tokens += missing.map { "\(tier).\($0)" }
                        first = first ?? "\(tier).\(missing[0])"
                    }
                }
                guard let first else { continue }
                let description = wholeTiers == tiers.count ? "any tier" : tokens.joined(separator: ", ")
                let hint = wholeTiers == tiers.count ? "\(window)=" : "\(window)= or \(window).\(first)="
                if let header = ownHeaders[category.code] {
                    problem(header, "no \(window)= window for category \(category.code) (\(category.name)) at \(description); set \(hint) in [Policy \(category.code)] or [Policy]")
                } else if let index = groups.firstIndex(where: { $0.description == description }) {
                    groups[index].codes.append(category.code)
                } else {
                    groups.append((description, hint, [category.code]))
                }
            }
            for group in groups {
                let which = group.codes.count == 1 ? "category" : "categories"
                problem(defaultHeader, "no \(window)= window at \(group.description) for \(which) \(group.codes.joined(separator: ", ")); set \(group.hint) in [Policy]")
            }
        }
    }

    /// One entry of a policy section, into `rules`; problems are reported, never thrown.
    private mutating func policyEntry(_ entry: IniEntry, header: String, code: String?, record: Bool, rules: inout Rules) {
        let parts = entry.key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let base = parts[0]
        guard GridConfigLoader.policyKeys.contains(base) else {
            unknownPolicyKey(entry, parts: parts, header: header)
            return
        }
        if record { lines.record(section: "Policy", argument: code, key: entry.key, line: entry.line) }
        if let window = Window(rawValue: base) {
            guard let qualifier = policyQualifier(entry, parts: parts, header: header) else { return }
            if entry.value.isEmpty {
                rules[window][qualifier] = nil
                return
            }
            if let duration = positiveDuration(entry) { rules[window][qualifier] = duration }
            return
        }
        if base == "Case" || base == "Register" {
            caseEntry(entry, parts: parts, header: header, rules: &rules)
            return
        }
        guard parts.count == 1 else {
            problem(entry.line, "unknown key \(entry.key)= in \(header): \(base)= takes no tier or priority (set it per category in [Policy CODE])")
            return
        }
        switch base {
        case "WarningAt":
            if entry.value.isEmpty { rules.warningFraction = nil; return }
            if let fraction = Self.fraction(entry.value) { rules.warningFraction = fraction } else {
                problem(entry.line, "WarningAt=\(entry.value): expected a fraction of the window below 1, such as 0.8 or 80% (0 disables the warning)")
            }
        case "ReminderEvery":
            if entry.value.isEmpty { rules.reminderInterval = nil; return }
            if let duration = positiveDuration(entry) { rules.reminderInterval = duration }
        case "Verify", "VerifyWithin":  // VerifyWithin=: the name before issue 14, kept as an alias
            if entry.value.isEmpty { rules.verificationWindow = nil; return }
            if let duration = positiveDuration(entry) { rules.verificationWindow = duration }
        default:  // TopTier
            if entry.value.isEmpty { rules.topTier = nil; return }
            if let tier = Tier(name: entry.value), EscalationPolicy.topTierChoices.contains(tier) { rules.topTier = tier } else {
                let hint = Tier(name: entry.value) == nil
                    ? ConfigDiagnostic.closestMatch(to: entry.value, among: EscalationPolicy.topTierChoices.map(\.name)).map { "; did you mean \($0)?" } ?? ""
                    : ""
                problem(entry.line, "TopTier=\(entry.value): expected district or city (the highest tier an incident climbs to)\(hint)")
            }
        }
    }

    /// `Case=` or `Case.<priority>=`: the case deadline (案件处置时限) is the same at every tier;
    /// `Register=` or `Register.<priority>=` (立案时限) runs before any tier holds the case.
    private mutating func caseEntry(_ entry: IniEntry, parts: [String], header: String, rules: inout Rules) {
        guard let qualifier = policyQualifier(entry, parts: parts, header: header) else { return }
        let base = parts[0]
        let field: WritableKeyPath<Rules, [Priority?: PolicyDuration]> = base == "Case" ? \.caseWindow : \.registerWindow
        if let tier = qualifier.tier {
            let suggestion = base + (qualifier.priority.map { ".\($0)" } ?? "") + "="
            let why = base == "Case"
                ? "the case deadline (案件处置时限) runs from registration to resolve at whatever tier holds the case"
                : "the register window (立案时限) runs from receipt to 立案, before any tier holds the case"
            problem(entry.line, "\(entry.key)= in \(header): \(why), so it takes no tier (\(tier)); write \(suggestion)")
            return
        }
        if entry.value.isEmpty {
            rules[keyPath: field][qualifier.priority] = nil
            return
        }
        if let duration = positiveDuration(entry) { rules[keyPath: field][qualifier.priority] = duration }
    }

    /// A policy duration greater than zero; nil after reporting a problem.
    private mutating func positiveDuration(_ entry: IniEntry) -> PolicyDuration? {
        switch PolicyDurationSyntax.parse(entry.value) {
        case .success(let duration) where duration.isZero:
            problem(entry.line, "\(entry.key)=\(entry.value): expected a duration greater than zero")
            return nil
        case .success(let duration):
            return duration
        case .failure(let error):
            problem(entry.line, "\(entry.key)=\(entry.value): \(error.message)")
            return nil
        }
    }

    /// The qualifiers of `Ack.street.urgent=` and the like; nil after reporting a problem.
    private mutating func policyQualifier(_ entry: IniEntry, parts: [String], header: String) -> Qualifier? {
        let base = parts[0]
        let shape = "a window key takes at most a tier and a priority, tier first (e.g. \(base).street.urgent=)"
        guard parts.count <= 3 else {
            problem(entry.line, "unknown key \(entry.key)= in \(header): \(shape)")
            return nil
        }
        var qualifier = Qualifier()
        for (index, word) in parts.enumerated().dropFirst() {
            if let tier = Tier.allCases.first(where: { $0.name == word }) {
                if let priority = qualifier.priority {
                    problem(entry.line, "unknown key \(entry.key)= in \(header): write the tier before the priority: \(base).\(tier).\(priority)=")
                    return nil
                }
                guard qualifier.tier == nil else {
                    problem(entry.line, "unknown key \(entry.key)= in \(header): \(shape)")
                    return nil
                }
                qualifier.tier = tier
            } else if let priority = Priority(rawValue: word) {
                guard qualifier.priority == nil else {
                    problem(entry.line, "unknown key \(entry.key)= in \(header): \(shape)")
                    return nil
                }
                qualifier.priority = priority
            } else {
                let names = Tier.allCases.map(\.name) + Priority.allCases.map(\.rawValue)
                var hint = ""
                if let match = ConfigDiagnostic.closestMatch(to: word, among: names) {
                    var corrected = parts
                    corrected[index] = match
                    hint = "; did you mean \(corrected.joined(separator: "."))=?"
                }
                problem(entry.line, "unknown key \(entry.key)= in \(header): \(ConfigText.quoted(word)) is neither a tier (community, street, district, city) nor a priority (urgent, normal, low)\(hint)")
                return nil
            }
        }
        return qualifier
    }

    private mutating func unknownPolicyKey(_ entry: IniEntry, parts: [String], header: String) {
        if let match = ConfigDiagnostic.closestMatch(to: parts[0], among: GridConfigLoader.policyKeys) {
            let corrected = ([match] + parts.dropFirst()).joined(separator: ".")
            problem(entry.line, "unknown key \(entry.key)= in \(header); did you mean \(corrected)=?")
        } else if let elsewhere = otherSection(for: entry.key, than: "Policy") {
            problem(entry.line, "unknown key \(entry.key)= in \(header); it belongs in \(elsewhere)")
        } else {
            let known = GridConfigLoader.policyKeys.map { $0 + "=" }.joined(separator: ", ")
            problem(entry.line, "unknown key \(entry.key)= in \(header) (known keys: \(known); Ack= and Resolve= take .tier, .priority or .tier.priority, Case= and Register= a .priority)")
        }
    }

    /// `0.8` or `80%` as a fraction in 0 ..< 1, computed exactly from the decimal digits.
    static func fraction(_ text: String) -> Double? {
        var body = text
        var scale = 0
        if body.hasSuffix("%") {
            body = ConfigText.trim(String(body.dropLast()))
            scale = 2
        }
        guard let decimal = ConfigDecimal(body) else { return nil }
        var divisor = 1.0
        for _ in 0..<(decimal.fractionDigits + scale) { divisor *= 10 }
        let value = Double(decimal.digits) / divisor
        return value < 1 ? value : nil
    }
}
