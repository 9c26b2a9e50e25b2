import Synchronization
import GridCore

/// The mapping between the model (`Incident`, `IncidentEvent`) and rows of `incidents` and `events`.
///
/// It exists so that the column lists live in one place, next to each other: encoding for
/// INSERT and decoding for SELECT cannot drift apart. A row that does not decode (a unit code
/// edited by hand, an unknown state) is reported as `StoreError.invalidData`, never trapped on.
enum IncidentRecords {
    /// The columns of `incidents`, in the order of `values(of:id:)` and of `incident(from:)`.
    static let incidentColumnNames = [
        "id", "key", "category", "priority", "state", "tier", "unit", "cell", "community", "street", "district",
        "route_method", "route_reason", "title", "description", "address", "lat", "lon", "reporter_name",
        "reporter_phone", "reported_at", "created_at", "updated_at", "version", "source", "created_uid",
        "created_name", "created_pid",
        // 28…: the policy snapshot and the timers; the last two are derived (IncidentTimers.nextTimer).
        "policy", "window", "window_started_at", "due_at", "warn_at", "warned", "overdue", "next_reminder_at",
        "paused", "resolved_on_time", "reopen_count", "next_timer_at", "next_timer_kind",
        // 41…: the case (schema version 4): its deadline and warning, the windows it missed.
        "case_due_at", "case_warn_at", "missed_windows",
        // 44…: the steps of the loop (schema version 5): channel, 立案, the open request, 督办, 回访.
        "channel", "registered_at", "request", "supervised", "visit_result", "resolved_uid",
    ]
    static let incidentColumns = incidentColumnNames.joined(separator: ", ")
    /// Where the policy snapshot is among them: written by an insert, and by 立案 (registration).
    static let policyColumnIndex = incidentColumnNames.firstIndex(of: "policy")!
    static let incidentColumnCount = incidentColumnNames.count

    /// What an update never changes: the identity and the intake record (who created it, how, when).
    /// Everything else — state, tier, unit, placement, text, policy, timers — a transition may change.
    static let immutableIncidentColumns: Set<String> = [
        "id", "key", "created_at", "source", "created_uid", "created_name", "created_pid", "policy",
    ]
    /// Positions in `incidentColumnNames` of the columns an update writes.
    static let mutableIncidentColumnIndexes: [Int] = incidentColumnNames.indices.filter {
        !immutableIncidentColumns.contains(incidentColumnNames[$0])
    }

    static let eventColumns = "seq, incident_id, kind, at, tier, unit, actor_uid, actor_name, actor_pid, due, note, detail"
    static let eventColumnCount = 12

    static func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }

    /// The values of an incident row, in `incidentColumns` order. `id` is NULL for a new row.
    /// - Parameter withPolicy: false leaves the policy column NULL: updates never write it (a
    ///   snapshot never moves), and serializing it is most of this function's cost.
    static func values(of incident: Incident, id: Int64?, withPolicy: Bool = true) -> [SQLValue] {
        var values: [SQLValue] = []
        values.reserveCapacity(incidentColumnCount)
        append(incident, id: id, withPolicy: withPolicy, to: &values)
        return values
    }

    /// Appends the values of an incident row, in `incidentColumns` order, to `row`: an array
    /// (an update compares them column by column) or an insert's flat `SQLRow`.
    static func append(_ incident: Incident, id: Int64?, withPolicy: Bool = true, to row: inout some SQLValueSink) {
        let placement = incident.placement
        row.append(.from(id))
        row.append(.from(incident.key))
        row.append(.text(incident.category))
        row.append(.text(incident.priority.rawValue))
        row.append(.text(incident.state.rawValue))
        row.append(.integer(Int64(incident.tier.rawValue)))
        row.append(.text(incident.unit.rawValue))
        row.append(.from(placement.cell?.rawValue))
        row.append(.from(placement.community?.rawValue))
        row.append(.from(placement.street?.rawValue))
        row.append(.from(placement.district?.rawValue))
        row.append(.text(placement.method.rawValue))
        row.append(.from(placement.reason))
        row.append(.from(incident.title))
        row.append(.from(incident.description))
        row.append(.from(incident.address))
        row.append(.from(incident.location?.lat))
        row.append(.from(incident.location?.lon))
        row.append(.from(incident.reporter?.name))
        row.append(.from(incident.reporter?.phone))
        row.append(.from(incident.reportedAt?.milliseconds))
        row.append(.integer(incident.createdAt.milliseconds))
        row.append(.integer(incident.updatedAt.milliseconds))
        row.append(.integer(incident.version))
        row.append(.text(incident.source.rawValue))
        row.append(.integer(Int64(incident.createdBy.uid)))
        row.append(.from(incident.createdBy.name))
        row.append(.from(incident.createdBy.pid.map(Int64.init)))
        appendTimers(policy: withPolicy ? incident.policy : nil, timers: incident.timers, to: &row)
        appendLoop(of: incident, to: &row)
    }

    /// Columns 28… of an incident row: the policy snapshot, the timers, the derived next timer and
    /// the case's deadline, warning and missed windows.
    static func appendTimers(policy: IncidentPolicy?, timers: IncidentTimers, to row: inout some SQLValueSink) {
        let next = timers.nextTimer
        row.append(policy.map { .text(policyText($0)) } ?? .null)
        row.append(.from(timers.window?.rawValue))
        row.append(.from(timers.windowStartedAt?.milliseconds))
        row.append(.from(timers.dueAt?.milliseconds))
        row.append(.from(timers.warnAt?.milliseconds))
        row.append(.integer(timers.warned ? 1 : 0))
        row.append(.integer(timers.overdue ? 1 : 0))
        row.append(.from(timers.nextReminderAt?.milliseconds))
        row.append(.from(timers.paused.map { JSONValue.object(pausedJSON($0)).serialized() }))
        row.append(.from(timers.resolvedOnTime.map { $0 ? Int64(1) : Int64(0) }))
        row.append(.integer(Int64(timers.reopenCount)))
        row.append(.from(next?.at.milliseconds))
        row.append(.from(next?.kind.rawValue))
        row.append(.from(timers.caseDueAt?.milliseconds))
        row.append(.from(timers.caseWarnAt?.milliseconds))
        row.append(.integer(Int64(timers.missedWindows)))
    }

    /// The stored form of a paused window (the `paused` column): durations in the policy syntax.
    static func pausedJSON(_ paused: IncidentTimers.Paused) -> JSONObject {
        var object = JSONObject()
        object.appendUnchecked("window", .string(paused.window.rawValue))
        object.appendUnchecked("remaining", .string(PolicyDurationSyntax.format(paused.remaining)))
        if let warning = paused.warningRemaining {
            object.appendUnchecked("warning_remaining", .string(PolicyDurationSyntax.format(warning)))
        }
        object.appendUnchecked("state", .string(paused.state.rawValue))
        if let until = paused.until { object.appendUnchecked("until", .int(until.milliseconds)) }
        return object
    }

    /// Why a `paused` column does not decode.
    struct PausedProblem: Error, Equatable {
        var message: String
        init(_ message: String) { self.message = message }
    }

    /// Reads the `paused` column's JSON back, or says why it is not one.
    static func paused(fromJSON text: String) -> Result<IncidentTimers.Paused, PausedProblem> {
        func duration(_ value: JSONValue?) -> PolicyDuration? {
            guard let text = value?.stringValue, case .success(let parsed) = PolicyDurationSyntax.parse(text) else { return nil }
            return parsed
        }
        let parsed: JSONValue
        do throws(JSONParseError) {
            parsed = try JSONParser.parse(text)
        } catch {
            return .failure(PausedProblem(error.description))
        }
        guard let object = parsed.objectValue else { return .failure(PausedProblem("not a JSON object")) }
        guard let window = object["window"]?.stringValue.flatMap(IncidentTimers.Window.init(rawValue:)) else {
            return .failure(PausedProblem("no valid window"))
        }
        guard let remaining = duration(object["remaining"]) else { return .failure(PausedProblem("no valid remaining")) }
        var warningRemaining: PolicyDuration?
        if let value = object["warning_remaining"], !value.isNull {
            guard let warning = duration(value) else { return .failure(PausedProblem("invalid warning_remaining")) }
            warningRemaining = warning
        }
        guard let state = object["state"]?.stringValue.flatMap(IncidentState.init(rawValue:)) else {
            return .failure(PausedProblem("no valid state"))
        }
        var until: Timestamp?
        if let value = object["until"], !value.isNull {
            guard let ms = value.intValue else { return .failure(PausedProblem("invalid until")) }
            until = Timestamp(milliseconds: ms)
        }
        return .success(
            IncidentTimers.Paused(window: window, remaining: remaining, warningRemaining: warningRemaining, state: state, until: until))
    }

    /// Decodes the current row of a statement that selected `incidentColumns`.
    ///
    /// A reporter is stored as its two columns: a reporter with neither name nor phone reads back as nil.
    static func incident(from row: Statement) throws(StoreError) -> Incident {
        let id = row.int64(at: 0)
        let what = "incident \(id)"
        let category = try text(row, 2, what, "category")
        guard let priority = Priority(rawValue: try text(row, 3, what, "priority")) else {
            throw invalid(row, 3, what, "priority")
        }
        guard let state = IncidentState(rawValue: try text(row, 4, what, "state")) else {
            throw invalid(row, 4, what, "state")
        }
        let tier = try tierValue(row, 5, what)
        let unit = try unitCode(row, 6, what, "unit")
        var cell: CellCode?
        if let text = row.string(at: 7) {
            do { cell = try CellCode(validating: text) } catch { throw invalid(row, 7, what, "cell", error.message) }
        }
        guard let method = Placement.Method(rawValue: try text(row, 11, what, "route_method")) else {
            throw invalid(row, 11, what, "route_method")
        }
        let community = try optionalUnitCode(row, 8, what, "community")
        let street = try optionalUnitCode(row, 9, what, "street")
        let district = try optionalUnitCode(row, 10, what, "district")
        let lowest = community ?? street ?? district ?? unit
        let placement = Placement(
            method: method, cell: cell, community: community, street: street, district: district,
            city: lowest.ancestor(at: .city) ?? unit, reason: row.string(at: 12))
        var location: GeoPoint?
        if let lat = row.optionalDouble(at: 16), let lon = row.optionalDouble(at: 17) {
            location = GeoPoint(lat: lat, lon: lon)
        }
        let reporterName = row.string(at: 18)
        let reporterPhone = row.string(at: 19)
        let reporter = reporterName == nil && reporterPhone == nil
            ? nil : Report.Reporter(name: reporterName, phone: reporterPhone)
        guard let source = IntakeSource(rawValue: try text(row, 24, what, "source")) else {
            throw invalid(row, 24, what, "source")
        }
        let createdBy = Actor(
            uid: try uid(row, 25, what, "created_uid"), name: row.string(at: 26),
            pid: try pid(row, 27, what, "created_pid"))
        let policy = try policy(row, 28, what)
        let timers = try timers(row, from: 29, what)
        let loop = try loop(row, from: 44, what)
        return Incident(
            id: id, key: row.string(at: 1), category: category, priority: priority, state: state, tier: tier,
            unit: unit, placement: placement, title: row.string(at: 13), description: row.string(at: 14),
            address: row.string(at: 15), location: location, reporter: reporter,
            reportedAt: row.optionalInt64(at: 20).map(Timestamp.init(milliseconds:)),
            createdAt: Timestamp(milliseconds: row.int64(at: 21)), updatedAt: Timestamp(milliseconds: row.int64(at: 22)),
            version: row.int64(at: 23), source: source, createdBy: createdBy, policy: policy, timers: timers,
            channel: loop.channel, registeredAt: loop.registeredAt, request: loop.request,
            supervisedCount: loop.supervisedCount, visit: loop.visit, resolvedBy: loop.resolvedBy)
    }

    /// Stored texts of policy snapshots: most incidents share one of a few policies.
    private static let policyTexts = Mutex<[IncidentPolicy: String]>([:])

    static func policyText(_ policy: IncidentPolicy) -> String {
        if let text = policyTexts.withLock({ $0[policy] }) { return text }
        let text = policy.json.serialized()
        policyTexts.withLock { cache in
            if cache.count >= 1024 { cache.removeAll() }
            cache[policy] = text
        }
        return text
    }

    /// Parsed policy snapshots by their stored text: incidents share a handful of policies, and
    /// parsing one (JSON and duration syntax) on every read would dominate a burst of escalations.
    private static let policyCache = Mutex<[String: IncidentPolicy]>([:])

    static func policy(_ row: Statement, _ index: Int32, _ what: String) throws(StoreError) -> IncidentPolicy {
        let policyText = try text(row, index, what, "policy")
        if let cached = policyCache.withLock({ $0[policyText] }) { return cached }
        let parsed: JSONValue
        do throws(JSONParseError) {
            parsed = try JSONParser.parse(policyText)
        } catch {
            throw invalid(row, index, what, "policy", error.description)
        }
        guard let policy = IncidentPolicy(json: parsed) else {
            throw invalid(row, index, what, "policy", "not an incident policy")
        }
        policyCache.withLock { cache in
            if cache.count >= 1024 { cache.removeAll() }
            cache[policyText] = policy
        }
        return policy
    }

    /// Decodes columns `first`… (window … reopen_count, then case_due_at … missed_windows); the
    /// derived next-timer columns between them are not read.
    private static func timers(_ row: Statement, from first: Int32, _ what: String) throws(StoreError) -> IncidentTimers {
        func time(_ index: Int32) -> Timestamp? { row.optionalInt64(at: index).map(Timestamp.init(milliseconds:)) }
        func flag(_ index: Int32, _ column: String) throws(StoreError) -> Bool {
            switch row.int64(at: index) {
            case 0 where !row.isNull(at: index): return false
            case 1: return true
            default: throw invalid(row, index, what, column)
            }
        }
        var window: IncidentTimers.Window?
        if let raw = row.string(at: first) {
            guard let parsed = IncidentTimers.Window(rawValue: raw) else { throw invalid(row, first, what, "window") }
            window = parsed
        }
        var paused: IncidentTimers.Paused?
        if let text = row.string(at: first + 7) {
            switch Self.paused(fromJSON: text) {
            case .success(let value): paused = value
            case .failure(let problem): throw invalid(row, first + 7, what, "paused", problem.message)
            }
        }
        var resolvedOnTime: Bool?
        if !row.isNull(at: first + 8) { resolvedOnTime = try flag(first + 8, "resolved_on_time") }
        guard let reopenCount = Int(exactly: row.int64(at: first + 9)), reopenCount >= 0 else {
            throw invalid(row, first + 9, what, "reopen_count")
        }
        // After the two derived next-timer columns (first + 10, + 11), which are not read.
        guard let missedWindows = Int(exactly: row.int64(at: first + 14)), missedWindows >= 0 else {
            throw invalid(row, first + 14, what, "missed_windows")
        }
        return IncidentTimers(
            window: window, windowStartedAt: time(first + 1), dueAt: time(first + 2), warnAt: time(first + 3),
            warned: try flag(first + 4, "warned"), overdue: try flag(first + 5, "overdue"),
            nextReminderAt: time(first + 6), paused: paused, resolvedOnTime: resolvedOnTime, reopenCount: reopenCount,
            caseDueAt: time(first + 12), caseWarnAt: time(first + 13), missedWindows: missedWindows)
    }

    /// The values of an event row, in `eventColumns` order; `seq` is NULL (assigned by SQLite).
    static func values(of event: IncidentEvent) -> [SQLValue] {
        var values: [SQLValue] = []
        values.reserveCapacity(eventColumnCount)
        append(event, to: &values)
        return values
    }

    /// Appends the values of an event row, in `eventColumns` order, to `row`.
    static func append(_ event: IncidentEvent, to row: inout some SQLValueSink) {
        row.append(.null)
        row.append(.integer(event.incidentID))
        row.append(.text(event.kind.rawValue))
        row.append(.integer(event.at.milliseconds))
        row.append(.integer(Int64(event.tier.rawValue)))
        row.append(.text(event.unit.rawValue))
        row.append(.integer(Int64(event.actor.uid)))
        row.append(.from(event.actor.name))
        row.append(.from(event.actor.pid.map(Int64.init)))
        row.append(.from(event.due?.milliseconds))
        row.append(.from(event.note))
        row.appendJSON(.object(event.detail))
    }

    static func event(from row: Statement) throws(StoreError) -> IncidentEvent {
        let seq = row.int64(at: 0)
        let what = "event \(seq)"
        guard let kind = IncidentEvent.Kind(rawValue: try text(row, 2, what, "kind")) else {
            throw invalid(row, 2, what, "kind")
        }
        let detailText = try text(row, 11, what, "detail")
        let parsed: JSONValue
        do throws(JSONParseError) {
            parsed = try JSONParser.parse(detailText)
        } catch {
            throw invalid(row, 11, what, "detail", error.description)
        }
        guard let detail = parsed.objectValue else { throw invalid(row, 11, what, "detail", "not a JSON object") }
        return IncidentEvent(
            seq: seq, incidentID: row.int64(at: 1), kind: kind, at: Timestamp(milliseconds: row.int64(at: 3)),
            tier: try tierValue(row, 4, what), unit: try unitCode(row, 5, what, "unit"),
            actor: Actor(
                uid: try uid(row, 6, what, "actor_uid"), name: row.string(at: 7), pid: try pid(row, 8, what, "actor_pid")),
            due: row.optionalInt64(at: 9).map(Timestamp.init(milliseconds:)), note: row.string(at: 10), detail: detail)
    }

    // MARK: Column helpers

    static func invalid(
        _ row: Statement, _ index: Int32, _ what: String, _ column: String, _ problem: String? = nil
    ) -> StoreError {
        let value: String
        switch row.value(at: index) {
        case .null: value = "NULL"
        case .integer(let int): value = String(int)
        case .real(let double): value = String(double)
        case .text(let text): value = text.debugDescription
        case .blob(let bytes): value = "blob of \(bytes.count) bytes"
        }
        return .invalidData("\(what): column \(column) = \(value)" + (problem.map { ": \($0)" } ?? " is not valid"))
    }

    static func text(_ row: Statement, _ index: Int32, _ what: String, _ column: String) throws(StoreError) -> String {
        guard let text = row.string(at: index) else { throw invalid(row, index, what, column) }
        return text
    }

    private static func tierValue(_ row: Statement, _ index: Int32, _ what: String) throws(StoreError) -> Tier {
        guard let tier = Tier(rawValue: Int(row.int64(at: index))) else { throw invalid(row, index, what, "tier") }
        return tier
    }

    private static func unitCode(_ row: Statement, _ index: Int32, _ what: String, _ column: String) throws(StoreError)
        -> UnitCode
    {
        let raw = try text(row, index, what, column)
        do { return try UnitCode(validating: raw) } catch { throw invalid(row, index, what, column, error.message) }
    }

    private static func optionalUnitCode(_ row: Statement, _ index: Int32, _ what: String, _ column: String)
        throws(StoreError) -> UnitCode?
    {
        if row.isNull(at: index) { return nil }
        return try unitCode(row, index, what, column)
    }

    private static func uid(_ row: Statement, _ index: Int32, _ what: String, _ column: String) throws(StoreError) -> UInt32 {
        guard let uid = UInt32(exactly: row.int64(at: index)) else { throw invalid(row, index, what, column) }
        return uid
    }

    private static func pid(_ row: Statement, _ index: Int32, _ what: String, _ column: String) throws(StoreError) -> Int32? {
        guard let raw = row.optionalInt64(at: index) else { return nil }
        guard let pid = Int32(exactly: raw) else { throw invalid(row, index, what, column) }
        return pid
    }
}
