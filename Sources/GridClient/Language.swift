import GridSystem

/// The language gridctl speaks to people: `--lang zh|en`, else `$GRIDCTL_LANG`, else the locale
/// (`LC_ALL`, else `LC_MESSAGES`, else `LANG`, the first one set: `zh_*` is Chinese), else English.
/// Wire names, `--json` fields and log keys do not change with it.
public enum Language: String, Sendable, CaseIterable {
    case en, zh

    /// `zh`, `zh_CN.UTF-8`, `zh-Hans` → Chinese; `en`, `en_US.UTF-8`, `C`, `POSIX` → English;
    /// anything else → nil.
    public init?(name: String) {
        let lower = name.lowercased()
        if lower == "zh" || lower.hasPrefix("zh_") || lower.hasPrefix("zh-") || lower.hasPrefix("zh.") {
            self = .zh
        } else if lower == "en" || lower.hasPrefix("en_") || lower.hasPrefix("en-") || lower.hasPrefix("en.") || lower == "c"
            || lower.hasPrefix("c.") || lower == "posix"
        {
            self = .en
        } else {
            return nil
        }
    }

    /// The language for `flag` (the `--lang` value, if given) and the environment. An unknown
    /// `--lang` is a usage error; an unknown `$GRIDCTL_LANG` is passed over for the locale.
    public static func resolve(flag: String?, environment: (String) -> String? = Files.environment) throws(ClientError) -> Language {
        if let flag {
            guard flag == "zh" || flag == "en", let language = Language(name: flag) else {
                throw ClientError.usage("--lang \(flag.debugDescription): zh or en")
            }
            return language
        }
        if let chosen = environment("GRIDCTL_LANG"), let language = Language(name: chosen) { return language }
        for variable in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment(variable), !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("zh") ? .zh : .en
        }
        return .en
    }

    /// The `--lang` value in a command line (before `--`), wherever it is, and the command line
    /// without it (it is read here, once, for every command).
    static func split(_ arguments: [String]) -> (flag: String?, rest: [String]) {
        extract("--lang", from: arguments)
    }

    /// The value of the option `name` (`--lang zh`, `--lang=zh`) wherever it is before `--`, the
    /// last one winning, and the command line without it: for the options every command takes
    /// and the parser never sees (`--lang`, `--color`).
    static func extract(_ name: String, from arguments: [String]) -> (flag: String?, rest: [String]) {
        var index = 0
        var found: String?
        var rest: [String] = []
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                rest += arguments[index...]
                break
            }
            if argument == name, index + 1 < arguments.count {
                found = arguments[index + 1]
                index += 1
            } else if argument.hasPrefix(name + "=") {
                found = String(argument.dropFirst(name.count + 1))
            } else {
                rest.append(argument)
            }
            index += 1
        }
        return (found, rest)
    }
}
