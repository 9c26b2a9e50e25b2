import GridCore

/// Columns 44… of an incident row (schema version 5): the steps of the loop — the channel, the
/// registration time (立案), the open request (延期/缓办/挂账 申请, JSON), the 督办 count and the
/// 回访 result, and who resolved it last (no self-verification).
extension IncidentRecords {
    struct LoopColumns {
        var channel: Channel
        var registeredAt: Timestamp?
        var request: CaseRequest?
        var supervisedCount: Int
        var visit: VisitResult?
        var resolvedBy: UInt32?
    }

    static func appendLoop(of incident: Incident, to row: inout some SQLValueSink) {
        row.append(.text(incident.channel.rawValue))
        row.append(.from(incident.registeredAt?.milliseconds))
        row.append(.from(incident.request.map { $0.json.serialized() }))
        row.append(.integer(Int64(incident.supervisedCount)))
        row.append(.from(incident.visit?.rawValue))
        row.append(.from(incident.resolvedBy.map(Int64.init)))
    }

    static func loop(_ row: Statement, from first: Int32, _ what: String) throws(StoreError) -> LoopColumns {
        guard let channel = Channel(rawValue: try text(row, first, what, "channel")) else {
            throw invalid(row, first, what, "channel")
        }
        var request: CaseRequest?
        if let text = row.string(at: first + 2) {
            let parsed: JSONValue
            do throws(JSONParseError) {
                parsed = try JSONParser.parse(text)
            } catch {
                throw invalid(row, first + 2, what, "request", error.description)
            }
            guard let decoded = CaseRequest(json: parsed) else { throw invalid(row, first + 2, what, "request", "not a request") }
            request = decoded
        }
        guard let supervised = Int(exactly: row.int64(at: first + 3)), supervised >= 0 else {
            throw invalid(row, first + 3, what, "supervised")
        }
        var visit: VisitResult?
        if let raw = row.string(at: first + 4) {
            guard let parsed = VisitResult(rawValue: raw) else { throw invalid(row, first + 4, what, "visit_result") }
            visit = parsed
        }
        var resolvedBy: UInt32?
        if let raw = row.optionalInt64(at: first + 5) {
            guard let uid = UInt32(exactly: raw) else { throw invalid(row, first + 5, what, "resolved_uid") }
            resolvedBy = uid
        }
        return LoopColumns(
            channel: channel, registeredAt: row.optionalInt64(at: first + 1).map(Timestamp.init(milliseconds:)),
            request: request, supervisedCount: supervised, visit: visit, resolvedBy: resolvedBy)
    }
}
