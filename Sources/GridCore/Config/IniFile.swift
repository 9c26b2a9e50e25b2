/// A systemd-style INI file (the syntax operators know from unit files), parsed without meaning:
///
/// - `[Section]` and `[Section argument]` headers, e.g. `[Category 0102]`.
/// - `Key=Value`; whitespace around the key, the `=` and the value is trimmed. Values are taken
///   literally: no quotes are removed and `#` inside a value is part of it.
/// - Lines whose first non-blank character is `#` or `;` are comments; blank lines are ignored.
/// - A line ending in a backslash continues on the next line; the backslash becomes one space.
///   Comment lines inside a continuation are skipped, as systemd does.
/// - A key may repeat; every occurrence is kept in order (for scalars the last one wins).
/// - A section name may repeat; each header becomes its own `IniSection` (the consumer decides
///   whether repeated sections merge, as `GridConfigLoader` does, or are an error).
/// - Every entry and header keeps its 1-based line number (the line where it starts).
///
/// Malformed lines (no `=`, a broken header, invalid UTF-8, a NUL byte) become diagnostics and
/// are skipped; parsing never fails as a whole.
public struct IniFile: Sendable, Equatable {
    public var sections: [IniSection]

    public init(sections: [IniSection] = []) { self.sections = sections }

    /// Parses `text`. `path` is used only in diagnostics.
    public static func parse(_ text: String, path: String) -> (file: IniFile, diagnostics: [ConfigDiagnostic]) {
        parse(bytes: Array(text.utf8), path: path)
    }

    /// Parses raw bytes, reporting invalid UTF-8 per line. A leading UTF-8 byte order mark is skipped.
    public static func parse(bytes: [UInt8], path: String) -> (file: IniFile, diagnostics: [ConfigDiagnostic]) {
        var parser = Parser(path: path)
        parser.run(bytes)
        return (IniFile(sections: parser.sections), parser.diagnostics)
    }

    /// All sections with this name, in file order.
    public func sections(named name: String) -> [IniSection] { sections.filter { $0.name == name } }
}

/// One `[Name argument]` header and the entries under it.
public struct IniSection: Sendable, Equatable {
    public var name: String
    /// The text after the name inside the brackets, trimmed; nil when there is none.
    public var argument: String?
    /// Line of the header.
    public var line: Int
    public var entries: [IniEntry]

    public init(name: String, argument: String? = nil, line: Int, entries: [IniEntry] = []) {
        self.name = name
        self.argument = argument
        self.line = line
        self.entries = entries
    }

    /// The header as written canonically: `[Name]` or `[Name argument]`.
    public var header: String { argument.map { "[\(name) \($0)]" } ?? "[\(name)]" }

    /// Every occurrence of `key`, in order.
    public func entries(_ key: String) -> [IniEntry] { entries.filter { $0.key == key } }

    /// The last occurrence of `key` (the one that wins for a scalar setting).
    public func last(_ key: String) -> IniEntry? { entries.last { $0.key == key } }
}

/// One `Key=Value` line (possibly continued over several physical lines).
public struct IniEntry: Sendable, Equatable {
    public var key: String
    public var value: String
    /// The line where the entry starts.
    public var line: Int

    public init(key: String, value: String, line: Int) {
        self.key = key
        self.value = value
        self.line = line
    }
}

extension IniFile {
    fileprivate struct Parser {
        let path: String
        var sections: [IniSection] = []
        var diagnostics: [ConfigDiagnostic] = []
        var reportedOrphans = false

        init(path: String) { self.path = path }

        mutating func diagnose(_ line: Int, _ message: String) {
            diagnostics.append(ConfigDiagnostic(file: path, line: line, message: message))
        }

        mutating func run(_ bytes: [UInt8]) {
            var start = 0
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
            // Split into physical lines (LF; a CR before it is dropped).
            var physical: [(number: Int, text: String?)] = []
            var number = 1
            var lineStart = start
            var index = start
            while index <= bytes.count {
                if index == bytes.count || bytes[index] == UInt8(ascii: "\n") {
                    var end = index
                    if end > lineStart, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                    if !(index == bytes.count && lineStart == index) {
                        physical.append((number, decode(bytes[lineStart..<end], line: number)))
                    }
                    number += 1
                    lineStart = index + 1
                }
                index += 1
            }

            // Join continuations and interpret logical lines.
            var pending: (line: Int, text: String)?
            for (number, decoded) in physical {
                guard let raw = decoded else {
                    // Invalid line: already diagnosed. It ends any continuation in progress.
                    if let open = pending { logical(open.text, line: open.line); pending = nil }
                    continue
                }
                let text = ConfigText.trim(raw)
                // Comments never continue and never end a continuation.
                if text.first == "#" || text.first == ";" { continue }
                if text.hasSuffix("\\") {
                    let body = String(text.dropLast())
                    if let open = pending {
                        pending = (open.line, open.text + " " + ConfigText.trim(body))
                    } else {
                        pending = (number, ConfigText.trim(body))
                    }
                    continue
                }
                if let open = pending {
                    logical(open.text + " " + text, line: open.line)
                    pending = nil
                } else {
                    logical(text, line: number)
                }
            }
            if let open = pending {
                diagnose(open.line, "line continuation (trailing backslash) at end of file")
                logical(open.text, line: open.line)
            }
        }

        /// Decodes one physical line; nil (with a diagnostic) if it is not valid UTF-8 or holds NUL.
        mutating func decode(_ bytes: ArraySlice<UInt8>, line: Int) -> String? {
            if let nul = bytes.firstIndex(of: 0) {
                diagnose(line, "NUL byte at column \(nul - bytes.startIndex + 1)")
                return nil
            }
            var iterator = bytes.makeIterator()
            var decoder = UTF8()
            var scalars = String.UnicodeScalarView()
            var column = 1
            while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar):
                    scalars.append(scalar)
                    column += String(scalar).utf8.count
                case .emptyInput:
                    return String(scalars)
                case .error:
                    let byte = bytes[bytes.startIndex + column - 1]
                    diagnose(line, "invalid UTF-8 (byte 0x\(ConfigText.hex(byte)) at column \(column)); the file must be UTF-8")
                    return nil
                }
            }
        }

        mutating func logical(_ text: String, line: Int) {
            if text.isEmpty || text.first == "#" || text.first == ";" { return }
            if text.first == "[" {
                header(text, line: line)
                return
            }
            guard let equals = text.firstIndex(of: "=") else {
                diagnose(line, "expected Key=Value, a [Section] header or a comment, found \(ConfigText.quoted(text))")
                return
            }
            let key = ConfigText.trim(String(text[..<equals]))
            let value = ConfigText.trim(String(text[text.index(after: equals)...]))
            guard !key.isEmpty else {
                diagnose(line, "missing key before '='")
                return
            }
            guard key.unicodeScalars.allSatisfy(ConfigText.isKeyScalar) else {
                diagnose(line, "invalid key \(ConfigText.quoted(key)): keys use letters, digits, '.', '-' and '_'")
                return
            }
            guard !sections.isEmpty else {
                if !reportedOrphans {
                    diagnose(line, "\(key)= before any [Section] header")
                    reportedOrphans = true
                }
                return
            }
            sections[sections.count - 1].entries.append(IniEntry(key: key, value: value, line: line))
        }

        mutating func header(_ text: String, line: Int) {
            guard text.hasSuffix("]"), text.count >= 2 else {
                diagnose(line, "malformed section header \(ConfigText.quoted(text)): expected [Name] or [Name argument]")
                sections.append(IniSection(name: "", line: line))  // swallow its entries
                return
            }
            let inner = ConfigText.trim(String(text.dropFirst().dropLast()))
            let name: String
            var argument: String?
            if let space = inner.firstIndex(where: { $0 == " " || $0 == "\t" }) {
                name = String(inner[..<space])
                argument = ConfigText.trim(String(inner[space...]))
            } else {
                name = inner
            }
            guard !name.isEmpty, name.unicodeScalars.allSatisfy(ConfigText.isKeyScalar),
                argument.map({ !$0.contains("[") && !$0.contains("]") }) ?? true
            else {
                diagnose(line, "malformed section header \(ConfigText.quoted(text)): expected [Name] or [Name argument]")
                sections.append(IniSection(name: "", line: line))
                return
            }
            sections.append(IniSection(name: name, argument: argument, line: line))
        }
    }
}

/// Small text helpers shared by the config parsers.
enum ConfigText {
    static func isKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", ".", "-", "_": return true
        default: return false
        }
    }

    static func trim(_ text: String) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !isBlank($0) }) else { return "" }
        let last = text.lastIndex(where: { !isBlank($0) })!
        return String(text[first...last])
    }

    /// A value shown in a message: in double quotes, long values cut.
    static func quoted(_ text: String) -> String {
        let shown = text.count > 60 ? String(text.prefix(57)) + "..." : text
        return "\"\(shown)\""
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}
