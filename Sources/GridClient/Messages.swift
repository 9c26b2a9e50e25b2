import GridCore

/// gridctl's message catalogue: every text it shows people, by key, in English (`MessagesEN`)
/// and Chinese (`MessagesZH`); `{name}` marks where a value goes. A test checks that both hold
/// the same keys with the same placeholders, and every key the command table needs.
public enum Messages {
    public static func catalogue(_ language: Language) -> [String: String] {
        switch language {
        case .en: return MessagesEN.all
        case .zh: return MessagesZH.all
        }
    }

    /// The text of `key` in `language` with `values` put in; a key missing from the catalogue
    /// shows as itself (the catalogue test keeps that from shipping).
    public static func text(_ key: String, _ language: Language, _ values: [String: String] = [:]) -> String {
        var text = catalogue(language)[key] ?? catalogue(.en)[key] ?? key
        for (name, value) in values { text = text.replacingAll("{\(name)}", with: value) }
        return text
    }

    /// The `{name}` placeholders of a text.
    public static func placeholders(_ text: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// A state as people say it: 处置中 in Chinese, `acknowledged` in English.
    static func state(_ wire: String?, _ language: Language) -> String {
        guard let wire else { return "?" }
        guard language == .zh, let state = IncidentState(rawValue: wire) else { return wire }
        return state.chineseName
    }

    /// A tier as people say it: 街道 in Chinese, `street` in English.
    static func tier(_ wire: String?, _ language: Language) -> String {
        guard let wire else { return "?" }
        guard language == .zh, let tier = Tier(name: wire) else { return wire }
        return tier.chineseName
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation in the client's text paths).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
