import GridCore
import GridSystem
import Glibc

/// `gridctl report`: the evaluation report (综合评价) of docs/REPORTS.md — asks the daemon (which
/// computes it on a read connection), then formats it for a terminal (aligned tables), for Excel
/// (CSV, UTF-8 with a BOM), for scripts (JSON, the daemon's answer as is) or as a self-contained
/// HTML page with SVG charts, on stdout or into `--output FILE`.
/// Exit status: 0, 1 refused, 2 usage, 69 daemon unavailable, 70 an answer it cannot read,
/// 73 the output file cannot be written.
enum ReportCommand {
    enum Format: String, CaseIterable {
        case table, csv, json, html
    }

    /// The rows shown by table, CSV and HTML: by territory (where the cases happened) or by
    /// responsible unit (责任单位: who held their windows). JSON always carries both.
    enum View: String, CaseIterable {
        case territory, unit
    }

    /// The extensions `--output` understands, and the format each stands for (`.txt`: the table).
    static let extensions: [(suffix: String, format: Format)] = [
        ("html", .html), ("htm", .html), ("csv", .csv), ("json", .json), ("txt", .table),
    ]

    /// A report over a million incidents takes seconds; a busy daemon more.
    static let timeoutMilliseconds: Int32 = 300_000

    static func run(_ arguments: [String], json: Bool, socket: () -> DaemonSocket, output: Output) -> Int32 {
        do throws(ClientError) {
            let parsed = try ParsedArguments(arguments, command: CommandTable.spec("report"), language: output.language)
            let format = try self.format(parsed, json: json || parsed.has("--json"), language: output.language)
            let view = try self.view(parsed)
            let query = try self.query(parsed)
            let result = try socket().connect(timeoutMilliseconds: timeoutMilliseconds)
                .call("report", query.json).get()
            let bytes: [UInt8]
            if format == .json {
                bytes = result.serializedBytes() + [0x0A]
            } else {
                let report: EvaluationReport
                do throws(GridError) {
                    report = try EvaluationReport(json: result)
                } catch {
                    throw ClientError.protocolError("gridd sent a report this gridctl cannot read: \(error.message)")
                }
                bytes = render(report, as: format, view: view, language: output.language)
            }
            guard let path = parsed["--output"], path != "-" else {
                output.standardOutput(String(decoding: bytes, as: UTF8.self))
                return 0
            }
            do throws(Errno) {
                let fd = try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode: 0o644)
                defer { fd.close() }
                try fd.writeAll(bytes)
            } catch {
                output.error(output.text("report.output.failed", ["file": path, "error": Messages.errorText(error, output.language)]))
                return 73
            }
            return 0
        } catch {
            output.error(error)
            return error.exitStatus
        }
    }

    /// The report in `format`: the table's and the CSV's headers in `language`; the HTML page in
    /// Chinese whatever the language (it is for a meeting of 街道/区 staff); JSON as sent.
    static func render(_ report: EvaluationReport, as format: Format, view: View = .territory, language: Language = .en) -> [UInt8] {
        switch format {
        case .table: return Array(ReportTableFormatter.render(report, view: view, language: language).utf8)
        case .csv: return ReportCSVFormatter.render(report, view: view, language: language)
        case .html: return Array(ReportHTMLFormatter.render(report, view: view).utf8)
        case .json: return report.json.serializedBytes() + [0x0A]
        }
    }

    /// The format: `--format` (or `--json`), else `--output`'s extension, else a table. With
    /// `--output FILE` (not `-`) the extension must be one gridctl writes (`extensions`) and agree
    /// with `--format`: `report --output x.pdf` is a usage error (exit 2) before anything is asked
    /// or written, not a text table in a file named .pdf.
    static func format(_ arguments: ParsedArguments, json: Bool, language: Language = .en) throws(ClientError) -> Format {
        var explicit: Format?
        if let text = arguments["--format"] {
            guard let format = Format(rawValue: text) else {
                throw ClientError.usage("--format must be one of table, csv, json, html, not \(text.debugDescription)")
            }
            explicit = format
        } else if json {
            explicit = .json
        }
        guard let path = arguments["--output"], path != "-" else { return explicit ?? .table }
        let writable = extensions.map { "." + $0.suffix }.joined(separator: " ")
        guard let suffix = fileExtension(path), let implied = extensions.first(where: { $0.suffix == suffix.lowercased() })?.format else {
            let key = fileExtension(path) == nil ? "report.output.noExtension" : "report.output.unsupported"
            throw ClientError.usage(Messages.text(key, language, ["file": path, "extension": "." + (fileExtension(path) ?? ""), "writable": writable]))
        }
        if let explicit, explicit != implied {
            throw ClientError.usage(Messages.text("report.output.conflict", language, [
                "file": path, "format": explicit.rawValue, "implied": implied.rawValue,
            ]))
        }
        return implied
    }

    /// The extension of the file name in `path` (after its last dot), nil when it has none: a
    /// dot in a directory name or at the start of the name (`.report`) is no extension.
    static func fileExtension(_ path: String) -> String? {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let suffix = name[name.index(after: dot)...]
        return suffix.isEmpty ? nil : String(suffix)
    }

    /// `--view territory|unit`, default territory.
    static func view(_ arguments: ParsedArguments) throws(ClientError) -> View {
        guard let text = arguments["--view"] else { return .territory }
        guard let view = View(rawValue: text) else {
            throw ClientError.usage("--view must be territory or unit, not \(text.debugDescription)")
        }
        return view
    }

    /// The request's fields from the flags; each is checked here too, for a usage error (exit 2)
    /// before anything is sent.
    static func query(_ arguments: ParsedArguments) throws(ClientError) -> ReportQuery {
        guard arguments.positionals.isEmpty else { throw ClientError.usage("report takes no positional arguments") }
        var query = ReportQuery()
        if let text = arguments["--unit"] {
            guard let unit = UnitCode(text) else { throw ClientError.usage("--unit \(text.debugDescription) is not a unit code (6, 9 or 12 digits)") }
            query.unit = unit
        }
        if let text = arguments["--category"] {
            guard Category.isWellFormedCode(text) else { throw ClientError.usage("--category \(text.debugDescription) is not a 4-digit category code") }
            query.category = text
        }
        for (flag, path) in [("--from", \ReportQuery.from), ("--to", \ReportQuery.to)] {
            guard let text = arguments[flag] else { continue }
            guard let bound = ReportQuery.parseBound(text) else {
                throw ClientError.usage("\(flag) \(text.debugDescription) is neither a date (2026-05-01) nor an RFC 3339 time")
            }
            query[keyPath: path] = bound
        }
        if let text = arguments["--by"] {
            guard let tier = Tier(name: text), ReportQuery.groupLevels.contains(tier) else {
                throw ClientError.usage("--by must be community, street or district, not \(text.debugDescription)")
            }
            query.groupBy = tier
        }
        if let text = arguments["--register-limit"] {
            guard let limit = Int(text), limit >= 0, limit <= ReportQuery.maxRegisterLimit else {
                throw ClientError.usage("--register-limit must be between 0 and \(ReportQuery.maxRegisterLimit)")
            }
            query.registerLimit = limit
        }
        return query
    }
}
