import GridCore
import GridSystem

/// `gridctl submit --file F` when F holds JSON Lines (a gateway's or a hotline's backlog): the
/// reports go to gridd in `submit` requests with `reports`, one batch at a time, and each line's
/// outcome is printed with its line number — the incident, or why it was refused. Lines that are
/// not JSON objects are refused here, without being sent. Exit 1 if any line was refused.
enum SubmitLines {
    /// `--batch N`'s default: gridd's default `MaxBatch=`.
    static let defaultBatch = LimitSettings().maxBatch
    /// The most bytes of reports in one request line, under gridd's default `MaxLineBytes=` (64K).
    static let lineBudget = 60 << 10

    /// One non-blank line of the file: its number and the report, or why it is not one.
    struct Line {
        var number: Int
        var report: Result<JSONValue, GridError>
    }

    /// What `--file` holds: one JSON value (one report, as before), or JSON Lines. A file that
    /// parses as one value is one report unless its name ends in `.jsonl` (the rule of `drop`).
    enum Input {
        case one(JSONValue)
        case lines([Line])
    }

    static func read(_ path: String) throws(ClientError) -> Input {
        let bytes = try readBytes(path)
        if !path.hasSuffix(".jsonl"), let value = try? JSONParser.parse(bytes) { return .one(value) }
        let lines = lines(bytes)
        guard !lines.isEmpty else { throw ClientError.input("\(path): no report in it") }
        return .lines(lines)
    }

    /// The file's bytes (`-`: standard input), at most 256 MiB; exit 66 when it cannot be read.
    static func readBytes(_ path: String) throws(ClientError) -> [UInt8] {
        do throws(Errno) {
            return path == "-" ? try FileDescriptor.standardInput.readAll(limit: 256 << 20) : try Files.read(path, limit: 256 << 20)
        } catch {
            throw ClientError.input("cannot read \(path): \(error.message)")
        }
    }

    /// The non-blank lines of JSON Lines `bytes`, numbered from 1, each a report (a JSON object)
    /// or why it is not one.
    static func lines(_ bytes: [UInt8]) -> [Line] {
        var lines: [Line] = []
        for (index, text) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            guard text.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
            let report: Result<JSONValue, GridError>
            do {
                let value = try JSONParser.parse(text)
                report = value.objectValue != nil
                    ? .success(value) : .failure(GridError(.badRequest, "a report must be a JSON object, not \(value.typeName)"))
            } catch {
                report = .failure(GridError(error.kind == .invalidUTF8 ? .invalidUTF8 : .malformedJSON, error.description))
            }
            lines.append(Line(number: index + 1, report: report))
        }
        return lines
    }

    /// Sends the reports in batches of at most `batch` (and `lineBudget` bytes), prints each
    /// line's outcome as its batch is answered; returns the exit status.
    static func run(_ lines: [Line], batch: Int, connection: GridConnection, json: Bool, output: Output) throws(ClientError) -> Int32 {
        var stored = 0
        var refused = 0
        func print(_ line: Line, _ outcome: Result<(id: Int64, created: Bool), GridError>) {
            switch outcome {
            case .success(let incident):
                stored += 1
                if json {
                    output.json(["line": .int(Int64(line.number)), "ok": true, "id": .int(incident.id), "created": .bool(incident.created)])
                } else {
                    output.line(output.text(incident.created ? "submit.line.stored" : "submit.line.exists", ["line": String(line.number), "id": String(incident.id)]))
                }
            case .failure(let error):
                refused += 1
                if json {
                    output.json(["line": .int(Int64(line.number)), "ok": false, "error": ["code": .string(error.code.rawValue), "message": .string(error.message)]])
                } else {
                    output.line(output.text("submit.line.refused", ["line": String(line.number), "code": error.code.rawValue, "message": VisibleText.escaped(error.message)]))
                }
            }
        }
        // Lines refused here wait with the batch they fall in, so that the output keeps the file's order.
        var pending: [Line] = []
        var pendingReports: [JSONValue] = []
        var pendingBytes = 0
        func flush() throws(ClientError) {
            guard !pending.isEmpty else { return }
            var outcomes = pendingReports.isEmpty ? [] : try send(pendingReports, connection: connection)[...]
            for line in pending {
                switch line.report {
                case .failure(let error): print(line, .failure(error))
                case .success: print(line, outcomes.removeFirst())
                }
            }
            pending.removeAll()
            pendingReports.removeAll()
            pendingBytes = 0
        }
        for line in lines {
            if case .success(let report) = line.report {
                let size = report.serializedBytes().count + 1
                if pendingReports.count >= batch || (pendingBytes + size > lineBudget && !pendingReports.isEmpty) { try flush() }
                pendingReports.append(report)
                pendingBytes += size
            }
            pending.append(line)
        }
        try flush()
        if !json { output.line(output.text("submit.lines.summary", ["total": String(lines.count), "stored": String(stored), "refused": String(refused)])) }
        return refused == 0 ? 0 : 1
    }

    /// One `submit` with `reports`: each report's outcome in order; a refusal of the whole
    /// request (too many reports, permission) is every report's outcome.
    private static func send(_ reports: [JSONValue], connection: GridConnection) throws(ClientError) -> [Result<(id: Int64, created: Bool), GridError>] {
        let result: JSONValue
        do throws(ClientError) {
            result = try connection.call("submit", ["reports": .array(reports)]).get()
        } catch {
            guard case .refused(let refusal) = error else { throw error }
            return Array(repeating: .failure(refusal), count: reports.count)
        }
        guard let items = result["results"]?.arrayValue, items.count == reports.count else {
            throw ClientError.protocolError("submit answered \(result["results"]?.arrayValue?.count ?? 0) results for \(reports.count) reports")
        }
        return items.map { item in
            if item["ok"]?.boolValue == true, let id = item["id"]?.intValue {
                return .success((id, item["created"]?.boolValue ?? true))
            }
            let code = item["error"]?["code"]?.stringValue.flatMap(GridError.Code.init(rawValue:)) ?? .internalError
            return .failure(GridError(code, item["error"]?["message"]?.stringValue ?? "-"))
        }
    }
}
