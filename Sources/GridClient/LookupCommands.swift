import GridCore

/// `gridctl categories` and `gridctl units [NAME|CODE]`: what the codes mean, from the daemon's
/// `catalog` (the configuration and map it runs with, not a file gridctl may not read); and the
/// lookup that lets `--category`, `--unit` and `--community` take a name or an unambiguous
/// prefix of one (暴露垃圾, 桃源社区) wherever they are declared.
enum LookupCommands {
    /// A code or a name with its code: one category or unit of the catalogue.
    struct Entry: Equatable {
        var code: String
        var name: String
    }

    /// The flags whose value may be a name, and what kind of name.
    static let namedFlags: [String: Kind] = ["--category": .category, "--unit": .unit, "--community": .community]

    enum Kind: String {
        case category, unit, community

        var listCommand: String { self == .category ? "categories" : "units" }
    }

    static func printCategories(_ catalog: JSONValue, output: Output) {
        var table = TextTable(headers: [output.text("table.code"), output.text("table.name"), output.text("table.major")])
        for category in catalog["categories"]?.arrayValue ?? [] {
            table.add([category["code"]?.text ?? "?", category["name"]?.text ?? "-", category["major"]?.text ?? "-"])
        }
        output.standardOutput(table.render())
    }

    /// The units whose code starts with `query` or whose name contains it, each with the units
    /// under it (`units 清河街道`: the street and its communities); all without a query.
    static func printUnits(_ catalog: JSONValue, query: String?, output: Output) {
        let all = catalog["units"]?.arrayValue ?? []
        let roots = all.compactMap { unit -> String? in
            guard let code = unit["code"]?.stringValue else { return nil }
            guard let query else { return code }
            return code.hasPrefix(query) || (unit["name"]?.stringValue ?? "").contains(query) ? code : nil
        }
        let units = all.filter { unit in roots.contains { (unit["code"]?.stringValue ?? "").hasPrefix($0) } }
        guard !units.isEmpty else {
            output.line(output.text("units.none", ["query": query ?? ""]))
            return
        }
        var table = TextTable(headers: ["table.code", "table.tier", "table.name", "table.parent"].map { output.text($0) })
        for unit in units {
            table.add([
                unit["code"]?.text ?? "?", Messages.tier(unit["tier"]?.stringValue, output.language),
                unit["name"]?.text ?? "-", unit["parent"]?.text ?? "-",
            ])
        }
        output.standardOutput(table.render())
    }

    /// The command line with every name given to a named flag replaced by its code; the daemon's
    /// catalogue is fetched only when a value is not already a code.
    static func resolvingNames(
        _ arguments: [String], spec: CommandSpec, output: Output, catalog fetch: () throws(ClientError) -> JSONValue
    ) throws(ClientError) -> [String] {
        var result = arguments
        var catalog: JSONValue?
        var index = 0
        while index < result.count, result[index] != "--" {
            var flag = result[index]
            var valueIndex = index + 1
            var inline = false
            if let equals = flag.firstIndex(of: "="), flag.hasPrefix("--") {
                flag = String(flag[..<equals])
                valueIndex = index
                inline = true
            }
            // A flag that takes a value skips it; a positional (`register 3 …`) or a switch is one word.
            let takesValue = flag.hasPrefix("-") && spec.option(flag)?.valueName != nil
            index += inline || !takesValue ? 1 : 2
            guard takesValue, let kind = namedFlags[flag], valueIndex < result.count else { continue }
            let value = inline ? String(result[valueIndex].drop { $0 != "=" }.dropFirst()) : result[valueIndex]
            // What starts with a digit is meant as a code: sent as given, for the daemon to judge.
            guard let first = value.first, !(first.isASCII && first.isNumber) else { continue }
            if catalog == nil { catalog = try fetch() }
            let code = try resolve(value, kind: kind, among: entries(catalog ?? .null, kind), output: output)
            result[valueIndex] = inline ? "\(flag)=\(code)" : code
        }
        return result
    }

    /// `categories --codes`, `units --codes`: CODE<TAB>NAME, one a line, for the shell completions.
    static func printCodes(_ catalog: JSONValue, _ kind: Kind, output: Output) {
        output.standardOutput(entries(catalog, kind).map { "\($0.code)\t\($0.name)\n" }.joined())
    }

    static func entries(_ catalog: JSONValue, _ kind: Kind) -> [Entry] {
        let list = catalog[kind == .category ? "categories" : "units"]?.arrayValue ?? []
        return list.compactMap { item in
            guard let code = item["code"]?.stringValue, let name = item["name"]?.stringValue else { return nil }
            if kind == .community, item["tier"]?.stringValue != Tier.community.name { return nil }
            return Entry(code: code, name: name)
        }
    }

    /// The code of the one entry named `text`, else of the one whose name starts with it; none or
    /// several is a usage error that lists the candidates.
    static func resolve(_ text: String, kind: Kind, among entries: [Entry], output: Output) throws(ClientError) -> String {
        let exact = entries.filter { $0.name == text }
        let matches = exact.isEmpty ? entries.filter { $0.name.hasPrefix(text) } : exact
        let kindName = output.text("lookup.kind.\(kind.rawValue)")
        guard !matches.isEmpty else {
            throw ClientError.usage(output.text("lookup.none", ["name": text, "kind": kindName, "command": kind.listCommand]))
        }
        guard matches.count == 1 else {
            let shown = matches.prefix(8).map { "\($0.code) \($0.name)" }.joined(separator: ", ") + (matches.count > 8 ? ", …" : "")
            throw ClientError.usage(output.text("lookup.ambiguous", ["name": text, "kind": kindName, "candidates": shown]))
        }
        return matches[0].code
    }
}
