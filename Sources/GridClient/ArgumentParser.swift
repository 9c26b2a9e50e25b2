/// A small command-line parser for gridctl: `--flag value`, `--flag=value`, boolean switches and
/// positionals, with every unknown flag an error (exit 2), never ignored.
public struct ParsedArguments: Sendable, Equatable {
    public var values: [String: String] = [:]
    public var switches: Set<String> = []
    public var positionals: [String] = []
    /// The language of the usage errors the commands raise about these arguments.
    public var language: Language = .en

    /// Parses `arguments` with the flags `command` declares (`CommandTable`); an unknown one is
    /// a usage error naming the closest declared flag.
    public init(_ arguments: [String], command: CommandSpec, language: Language = .en) throws(ClientError) {
        do throws(ClientError) {
            try self.init(arguments, valueFlags: command.valueFlags, switchFlags: command.switchFlags, language: language)
        } catch {
            guard case .usage(let message) = error, let unknown = message.unknownFlag else { throw error }
            var text = Messages.text("usage.unknownOption", language, ["option": unknown, "command": command.name])
            let name = String(unknown.split(separator: "=", maxSplits: 1)[0])
            let candidates = command.options.flatMap(\.spellings).filter { $0.hasPrefix("--") }
            if let suggestion = HelpText.closest(to: name, among: candidates) {
                text += Messages.text("usage.didYouMean", language, ["suggestion": suggestion])
            }
            throw ClientError.usage(text)
        }
    }

    /// Parses `arguments` given the flags that take a value and the switches that don't.
    public init(_ arguments: [String], valueFlags: Set<String>, switchFlags: Set<String>, language: Language = .en) throws(ClientError) {
        self.language = language
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-"), argument != "-" else {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                positionals.append(contentsOf: arguments[index...])
                break
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if valueFlags.contains(name) {
                if let inlineValue {
                    values[name] = inlineValue
                } else {
                    guard index < arguments.count else { throw ClientError.usage(Messages.text("usage.needsValue", language, ["option": name])) }
                    values[name] = arguments[index]
                    index += 1
                }
            } else if switchFlags.contains(name), inlineValue == nil {
                switches.insert(name)
            } else {
                throw ClientError.usage(ParsedArguments.unknownPrefix + argument)
            }
        }
    }

    /// How the plain parser reports an unknown flag, for the command-aware one to reword.
    static let unknownPrefix = "unknown option "

    public func has(_ flag: String) -> Bool { switches.contains(flag) }

    /// A usage error with the catalogue's text for `key`, in these arguments' language.
    public func usage(_ key: String, _ values: [String: String] = [:]) -> ClientError {
        ClientError.usage(Messages.text(key, language, values))
    }

    public subscript(flag: String) -> String? { values[flag] }

    /// A numeric flag value; a value that is not a finite number is a usage error.
    public func number(_ flag: String) throws(ClientError) -> Double? {
        guard let text = values[flag] else { return nil }
        guard let number = Double(text), number.isFinite else {
            throw usage("usage.notNumber", ["option": flag, "value": text.debugDescription])
        }
        return number
    }
}

extension String {
    /// The flag of the plain parser's "unknown option FLAG" message.
    fileprivate var unknownFlag: String? {
        hasPrefix(ParsedArguments.unknownPrefix) ? String(dropFirst(ParsedArguments.unknownPrefix.count)) : nil
    }
}
