/// One request line of the socket protocol, decoded: `{"id": …, "op": "submit", …}`.
/// Every request carries an `id` (any JSON string or integer) that its response echoes, so a
/// client may pipeline many requests on one connection.
public struct Request: Sendable, Equatable {
    public enum Operation: Sendable, Equatable {
        case submit(Report)
        /// A gateway's batch (`reports: [...]`, at most `MaxBatch=`): each report decoded on its
        /// own, so a bad one is refused with its reason while the rest are stored.
        case submitBatch([Result<Report, GridError>])
        case show(Int64)
        case list(ListQuery)
        case status
        case ping
        /// The configured categories and the map's units with their names (`CatalogWire`), for
        /// `gridctl categories`, `gridctl units` and lookups by name.
        case catalog
        /// A worker action on an incident (ack, resolve, close, reopen, cancel, defer, resume, transfer,
        /// note), or an operator's (register, reject).
        case act(Action)
        /// Stream dispatch-log lines: a backlog, then (following) new ones (see `TailQuery`).
        case tail(TailQuery)
        /// The evaluation report (综合评价) over a range: `ReportQuery`.
        case report(ReportQuery)
    }

    /// A worker action as requested: the incident, what to do, the note, and for transfer where to.
    public struct Action: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable {
            case ack, resolve, close, reopen, cancel, `defer`, resume, transfer, note
            /// 立案 and 不予立案 (operators).
            case register, reject
            /// 延期 and 挂账 requests (`defer` files a 缓办 request); their decision.
            case extend, suspend, approve, deny
            /// 主动上报 and 督办.
            case escalate, supervise
            /// 回访 (operators).
            case visit
        }

        public var incidentID: Int64
        public var kind: Kind
        public var note: String?
        /// For transfer: a cell code (15 digits) or a community code (12 digits).
        public var to: String?
        /// For register: the corrected category and priority, if any.
        public var category: String?
        public var priority: Priority?
        /// For extend: by how much (policy syntax: `2wd`, `4h`).
        public var by: PolicyDuration?
        /// For defer: until when (RFC 3339), if not until resumed.
        public var until: Timestamp?
        /// For visit: the result of the call.
        public var result: VisitResult?

        public init(
            incidentID: Int64, kind: Kind, note: String? = nil, to: String? = nil, category: String? = nil,
            priority: Priority? = nil
        ) {
            self.incidentID = incidentID
            self.kind = kind
            self.note = note
            self.to = to
            self.category = category
            self.priority = priority
        }
    }

    public var id: JSONValue
    public var operation: Operation

    public init(id: JSONValue, operation: Operation) {
        self.id = id
        self.operation = operation
    }

    public var opName: String {
        switch operation {
        case .submit, .submitBatch: return "submit"
        case .show: return "show"
        case .list: return "list"
        case .status: return "status"
        case .ping: return "ping"
        case .catalog: return "catalog"
        case .act(let action): return action.kind.rawValue
        case .tail: return "tail"
        case .report: return "report"
        }
    }
}

/// What `list` selects: filters (all optional) and paging.
public struct ListQuery: Sendable, Equatable {
    public var state: IncidentState?
    public var tier: Tier?
    /// A unit at any level: the incident's current unit is it or lies inside it.
    public var unit: UnitCode?
    public var category: String?
    public var limit: Int
    /// Only incidents with a smaller id (for paging, newest first).
    public var beforeID: Int64?
    /// Only red cases, at any tier: the 超期 (督办) list (`CaseLight`).
    public var overdue: Bool = false
    /// Only yellow cases (`CaseLight`).
    public var nearDeadline: Bool = false
    /// Only cases with an open 延期/缓办/挂账 request that the caller may decide (`Authority`).
    public var requests: Bool = false
    /// Only closed cases from residents and the hotline not yet visited (回访).
    public var toVisit: Bool = false
    /// The caller's to-do list (`gridctl mine`): the open cases its worker units hold, red first,
    /// and the resolved cases waiting for its 核查 as an inspector (`Authority`); only `limit`
    /// goes with it.
    public var mine: Bool = false

    public static let defaultLimit = 100
    public static let maxLimit = 10_000

    public init(
        state: IncidentState? = nil, tier: Tier? = nil, unit: UnitCode? = nil, category: String? = nil,
        limit: Int = ListQuery.defaultLimit, beforeID: Int64? = nil
    ) {
        self.state = state
        self.tier = tier
        self.unit = unit
        self.category = category
        self.limit = limit
        self.beforeID = beforeID
    }
}

/// A request that could not be decoded: the error, and the request's id when it could be read
/// (so the error response still echoes it).
public struct RequestDecodingError: Error, Sendable, Equatable {
    public var id: JSONValue
    public var error: GridError
}

/// Decodes request lines. Strict like the report decoder: unknown fields are refused.
public struct RequestDecoder: Sendable {
    public var reportDecoder: ReportDecoder
    /// `MaxBatch=`: the most reports one `submit` may carry in `reports`.
    public var maxBatch: Int

    public init(reportDecoder: ReportDecoder = ReportDecoder(), maxBatch: Int = LimitSettings().maxBatch) {
        self.reportDecoder = reportDecoder
        self.maxBatch = maxBatch
    }

    public func decode(line: UnsafeBufferPointer<UInt8>) throws(RequestDecodingError) -> Request {
        let value: JSONValue
        do {
            value = try JSONParser.parse(buffer: line)
        } catch {
            let code: GridError.Code = error.kind == .invalidUTF8 ? .invalidUTF8 : .malformedJSON
            throw RequestDecodingError(id: .null, error: GridError(code, error.description))
        }
        return try decode(value)
    }

    public func decode(_ value: JSONValue) throws(RequestDecodingError) -> Request {
        guard let object = value.objectValue else {
            throw RequestDecodingError(id: .null, error: GridError(.badRequest, "a request must be a JSON object, not \(value.typeName)"))
        }
        let id = object["id"] ?? .null
        do throws(GridError) {
            return Request(id: id, operation: try decodeOperation(object))
        } catch {
            throw RequestDecodingError(id: id, error: error)
        }
    }

    private func decodeOperation(_ object: JSONObject) throws(GridError) -> Request.Operation {
        let fields = FieldReader(object, context: "request")
        switch object["id"] {
        case nil, .null?: throw GridError(.missingField, "id is required")
        case .string?, .int?: break
        case let other?: throw GridError(.invalidField, "id must be a string or an integer, not \(other.typeName)")
        }
        let op = try fields.requiredString("op")
        switch op {
        case "submit":
            try fields.rejectUnknown(allowed: ["id", "op", "report", "reports"])
            if let reports = object["reports"] {
                guard object["report"] == nil else { throw GridError(.badRequest, "submit takes report or reports, not both") }
                return .submitBatch(try decodeBatch(reports))
            }
            guard let report = object["report"] else { throw GridError(.missingField, "report (or reports) is required") }
            return .submit(try reportDecoder.decode(report))
        case "show":
            try fields.rejectUnknown(allowed: ["id", "op", "incident"])
            guard let incident = try fields.optionalInt("incident") else {
                throw GridError(.missingField, "incident is required")
            }
            return .show(incident)
        case "list":
            try fields.rejectUnknown(allowed: ["id", "op", "state", "tier", "unit", "category", "limit", "before", "overdue", "near_deadline", "requests", "to_visit", "mine"])
            return .list(try decodeListQuery(fields))
        case "status":
            try fields.rejectUnknown(allowed: ["id", "op"])
            return .status
        case "ping":
            try fields.rejectUnknown(allowed: ["id", "op"])
            return .ping
        case "catalog":
            try fields.rejectUnknown(allowed: ["id", "op"])
            return .catalog
        case "tail":
            return .tail(try TailQuery.decode(fields))
        case "report":
            try fields.rejectUnknown(allowed: ReportQuery.fieldNames.union(["id", "op"]))
            return .report(try ReportQuery(decoding: fields))
        default:
            if let kind = Request.Action.Kind(rawValue: op) { return .act(try decodeAction(kind, fields)) }
            throw GridError(.unknownOp, "unknown op \(op.debugDescription)")
        }
    }

    /// `reports`: an array of 1…`maxBatch` reports, refused whole when it is not; each report
    /// decoded alone, its error kept in its place.
    private func decodeBatch(_ value: JSONValue) throws(GridError) -> [Result<Report, GridError>] {
        guard case .array(let items) = value else {
            throw GridError(.invalidField, "reports must be an array of reports, not \(value.typeName)")
        }
        guard !items.isEmpty else { throw GridError(.invalidField, "reports is empty") }
        guard items.count <= maxBatch else {
            throw GridError(.batchTooLarge, "reports holds \(items.count) reports; at most \(maxBatch) in one submit (MaxBatch=)")
        }
        return items.map { item in
            do throws(GridError) {
                return .success(try reportDecoder.decode(item))
            } catch {
                return .failure(error)
            }
        }
    }

    /// The longest note or reason on an action, in characters.
    public static let maxNoteLength = 2000

    private func decodeAction(_ kind: Request.Action.Kind, _ fields: FieldReader) throws(GridError) -> Request.Action {
        let extra: Set<String> = switch kind {
        case .transfer: ["to"]
        case .register: ["category", "priority"]
        case .extend: ["by"]
        case .defer: ["until"]
        case .visit: ["result"]
        default: []
        }
        try fields.rejectUnknown(allowed: extra.union(["id", "op", "incident", "note"]))
        guard let incident = try fields.optionalInt("incident") else { throw GridError(.missingField, "incident is required") }
        let note = try fields.optionalString("note", limit: Self.maxNoteLength)
        var to: String?
        if kind == .transfer {
            to = try fields.requiredString("to")
            if let target = to, CellCode(target) == nil, UnitCode(target)?.tier != .community {
                throw GridError(.invalidField, "to \(target.debugDescription) is neither a 15-digit cell code nor a 12-digit community code")
            }
        }
        var category: String?
        var priority: Priority?
        if kind == .register {
            category = try fields.optionalCategoryCode()
            if let text = try fields.optionalString("priority") {
                guard let parsed = Priority(rawValue: text) else {
                    throw GridError(.badPriority, "priority \(text.debugDescription) is not one of urgent, normal, low")
                }
                priority = parsed
            }
        }
        var action = Request.Action(incidentID: incident, kind: kind, note: note, to: to, category: category, priority: priority)
        if kind == .extend {
            let text = try fields.requiredString("by")
            switch PolicyDurationSyntax.parse(text) {
            case .success(let duration) where !duration.isZero: action.by = duration
            case .success: throw GridError(.invalidField, "by must be a duration greater than zero")
            case .failure(let error): throw GridError(.invalidField, "by \(text.debugDescription): \(error.message)")
            }
        }
        if kind == .visit {
            let text = try fields.requiredString("result")
            guard let result = VisitResult(rawValue: text) else {
                throw GridError(.invalidField, "result \(text.debugDescription) is not one of satisfied, basic, unsatisfied")
            }
            action.result = result
        }
        if kind == .defer, let text = try fields.optionalString("until") {
            guard let time = Timestamp(rfc3339: text) else {
                throw GridError(.badTime, "until \(text.debugDescription) is not an RFC 3339 time")
            }
            action.until = time
        }
        return action
    }

    private func decodeListQuery(_ fields: FieldReader) throws(GridError) -> ListQuery {
        var query = ListQuery()
        if let text = try fields.optionalString("state") {
            guard let state = IncidentState(rawValue: text) else {
                throw GridError(.invalidField, "state \(text.debugDescription) is not one of \(IncidentState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.state = state
        }
        query.tier = try fields.optionalTier()
        query.unit = try fields.optionalUnit()
        query.category = try fields.optionalCategoryCode()
        if let limit = try fields.optionalInt("limit") {
            guard limit >= 1, limit <= Int64(ListQuery.maxLimit) else {
                throw GridError(.invalidField, "limit must be between 1 and \(ListQuery.maxLimit)")
            }
            query.limit = Int(limit)
        }
        query.beforeID = try fields.optionalInt("before")
        for (name, flag) in [("overdue", \ListQuery.overdue), ("near_deadline", \ListQuery.nearDeadline), ("requests", \ListQuery.requests), ("to_visit", \ListQuery.toVisit), ("mine", \ListQuery.mine)] {
            guard let value = fields.object[name], !value.isNull else { continue }
            guard let bool = value.boolValue else { throw GridError(.invalidField, "\(name) must be true or false") }
            query[keyPath: flag] = bool
        }
        if query.mine, query != ListQuery(limit: query.limit).withMine {
            throw GridError(.invalidField, "mine takes no filter but limit")
        }
        return query
    }
}

extension ListQuery {
    /// This query with `mine` set.
    var withMine: ListQuery {
        var query = self
        query.mine = true
        return query
    }
}
