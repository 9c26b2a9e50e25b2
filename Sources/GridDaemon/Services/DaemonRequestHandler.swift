import Dispatch
import GridCore
import GridStore

/// The socket protocol's requests, dispatched: decode, check that the peer is admitted, then
/// intake, worker actions, or reads. Reads (`show`, `list`, `status`) run on their own queue
/// against the store's read connections, never behind the writer.
public final class DaemonRequestHandler: RequestHandling {
    private let city: CityModelBox
    private let store: IncidentStore
    private let intake: IntakeService
    private let actions: ActionService
    private let clock: any WallClock
    private let log: DispatchLog
    private let daemonUID: UInt32
    private let readQueue = DispatchQueue(label: "gridd.read")
    /// The `status` answer (`DaemonStatus.json`).
    private let status: @Sendable () throws(GridError) -> JSONValue
    private let reports: ReportService
    /// A burst's single submits, stored together at its end (`HeldSubmits`).
    private let held = HeldSubmits()

    public init(
        city: CityModelBox, store: IncidentStore, intake: IntakeService, actions: ActionService, clock: any WallClock,
        log: DispatchLog, daemonUID: UInt32, status: @escaping @Sendable () throws(GridError) -> JSONValue
    ) {
        self.city = city
        self.store = store
        self.intake = intake
        self.actions = actions
        self.clock = clock
        self.log = log
        self.daemonUID = daemonUID
        self.status = status
        reports = ReportService(city: city, store: store, clock: clock)
    }

    public func handle(
        line: ArraySlice<UInt8>, from peer: Actor, reply: @escaping @Sendable ([UInt8]) -> Void,
        stream: @escaping @Sendable (any ResponseStream) -> Void
    ) {
        let model = city.current
        let decoder = RequestDecoder(reportDecoder: model.reportDecoder, maxBatch: model.config.limits.maxBatch)
        let request: Request
        do throws(RequestDecodingError) {
            request = try line.withUnsafeBufferPointer { (buffer) throws(RequestDecodingError) -> Request in
                try decoder.decode(line: buffer)
            }
        } catch {
            refuse(id: error.id, op: "-", error: error.error, peer: peer, reply: reply)
            return
        }
        // Held submits go to the writer before any other request does: the order they came in.
        if case .submit = request.operation {} else { endOfBurst() }
        if case .ping = request.operation {
            reply(Response.success(id: request.id, result: ["pong": true, "at": .string(model.lifecycle.calendar.rfc3339(clock.now()))]))
            return
        }
        let roles = model.config.access.roles(of: peer, daemonUID: daemonUID)
        do throws(GridError) {
            try Authority.checkAdmitted(peer, roles: roles)
        } catch {
            refuse(id: request.id, op: request.opName, error: error, peer: peer, reply: reply)
            return
        }
        let wire = model.wire
        // Every incident sent to this peer: reporters masked where it may not read them.
        let view = IncidentView(wire: wire, peer: peer, roles: roles, now: clock.now())
        switch request.operation {
        case .submit, .submitBatch:
            submit(request, peer: peer, view: view, maxHeld: model.config.limits.maxBatch, reply: reply)
        case .act(let action):
            actions.perform(action, by: peer) { [self] result in
                switch result {
                case .success(let incident): reply(Response.success(id: request.id, result: view.encode(incident)))
                case .failure(let error): refuse(id: request.id, op: action.kind.rawValue, error: error, peer: peer, reply: reply)
                }
            }
        case .show(let incidentID):
            read(request, peer: peer, reply: reply) { [store] () throws(GridError) -> JSONValue in
                guard let incident = try Self.mapping({ () throws(StoreError) in try store.incident(id: incidentID) }) else {
                    throw GridError(.notFound, "no incident \(incidentID)")
                }
                let events = try Self.mapping { () throws(StoreError) in try store.events(incidentID: incidentID) }
                return view.encodeShow(incident, events: events)
            }
        case .list(let query):
            read(request, peer: peer, reply: reply) { [store] () throws(GridError) -> JSONValue in
                try Self.mapping { () throws(StoreError) in try view.list(query, store: store) }
            }
        case .status:
            read(request, peer: peer, reply: reply, status)
        case .catalog:
            reply(Response.success(id: request.id, result: CatalogWire.encode(categories: model.config.categories, map: model.map)))
        case .tail(let query):
            do throws(GridError) {
                stream(try TailService(log: log).open(query, requestID: request.id, peer: peer, roles: roles))
            } catch {
                refuse(id: request.id, op: "tail", error: error, peer: peer, reply: reply)
            }
        case .report(let query):
            reports.run(query) { [self] result in
                switch result {
                case .success(let report): reply(Response.success(id: request.id, result: report))
                case .failure(let error): refuse(id: request.id, op: "report", error: error, peer: peer, reply: reply)
                }
            }
        case .ping: break  // answered above, for anyone
        }
    }

    private func read(
        _ request: Request, peer: Actor, reply: @escaping @Sendable ([UInt8]) -> Void,
        _ body: @escaping @Sendable () throws(GridError) -> JSONValue
    ) {
        readQueue.async { [self] in
            do throws(GridError) {
                reply(Response.success(id: request.id, result: try body()))
            } catch {
                refuse(id: request.id, op: request.opName, error: error, peer: peer, reply: reply)
            }
        }
    }

    /// One report, held until the burst ends (`HeldSubmits`) and answered with the incident; or a
    /// batch, answered with each report's outcome.
    private func submit(
        _ request: Request, peer: Actor, view: IncidentView, maxHeld: Int, reply: @escaping @Sendable ([UInt8]) -> Void
    ) {
        switch request.operation {
        case .submit(let report):
            let count = held.hold(HeldSubmits.Entry(id: request.id, report: report, peer: peer, view: view, reply: reply))
            if count >= maxHeld { endOfBurst() }
        case .submitBatch(let items):
            intake.submitBatch(items, from: peer, source: .socket) { [self] outcomes in
                reply(Response.success(id: request.id, result: batchResult(outcomes, peer: peer)))
            }
        default: preconditionFailure("not a submit: \(request.opName)")
        }
    }

    /// Stores the held submits, each run of one peer as one operation in which each report
    /// stands alone, and answers each as a single submit: the incident, or why it was refused.
    public func endOfBurst() {
        for run in held.take() {
            intake.submitBatch(run.map { .success($0.report) }, from: run[0].peer, source: .socket) { [self] outcomes in
                for (entry, outcome) in zip(run, outcomes) {
                    switch outcome {
                    case .success(let outcome):
                        entry.reply(Response.success(id: entry.id) { entry.view.write(outcome.incident, created: outcome.created, to: &$0) })
                    case .failure(let error):
                        refuse(id: entry.id, op: "submit", error: error, peer: entry.peer, reply: entry.reply)
                    }
                }
            }
        }
    }

    /// A batch's answer: `stored`, `refused` and one result per report, in order — `{"ok": true,
    /// "id", "created"}` or `{"ok": false, "error": {"code", "message"}}`, the codes a single
    /// submit gets. Each refusal is logged as a single submit's is, with its place in the batch.
    private func batchResult(_ outcomes: [Result<IntakeOutcome, GridError>], peer: Actor) -> JSONValue {
        var stored: Int64 = 0
        let results = outcomes.enumerated().map { (index, outcome) -> JSONValue in
            switch outcome {
            case .success(let outcome):
                stored += 1
                return ["ok": true, "id": .int(outcome.incident.id), "created": .bool(outcome.created)]
            case .failure(let error):
                log.log(.warning, "request_refused", [
                    ("op", "submit"), ("item", String(index)), ("code", error.code.rawValue), ("message", error.message),
                    ("uid", String(peer.uid)), ("pid", peer.pid.map(String.init) ?? "-"),
                ])
                return ["ok": false, "error": ["code": .string(error.code.rawValue), "message": .string(error.message)]]
            }
        }
        return ["stored": .int(stored), "refused": .int(Int64(outcomes.count) - stored), "results": .array(results)]
    }

    private func refuse(id: JSONValue, op: String, error: GridError, peer: Actor, reply: @escaping @Sendable ([UInt8]) -> Void) {
        log.log(.warning, "request_refused", [
            ("op", op), ("code", error.code.rawValue), ("message", error.message), ("uid", String(peer.uid)),
            ("pid", peer.pid.map(String.init) ?? "-"),
        ])
        reply(Response.failure(id: id, error: error))
    }

    private static func mapping<T>(_ body: () throws(StoreError) -> T) throws(GridError) -> T {
        do throws(StoreError) {
            return try body()
        } catch {
            throw error.gridError
        }
    }
}

/// The incidents of one answer as one peer may read them: `IncidentWire`'s JSON with the
/// reporter's name and phone number masked unless `Authority.mayReadReporter` allows them. Made
/// per request, so `submit`, the actions, `show` and `list` (and `--json`) all follow one rule.
struct IncidentView: Sendable {
    let wire: IncidentWire
    let peer: Actor
    let roles: Set<Role>
    /// When the request came: the instant its lights are judged at.
    let now: Timestamp

    /// `show`'s answer: the incident with its policy, its windows and 超期 charges, and its events.
    func encodeShow(_ incident: Incident, events: [IncidentEvent]) -> JSONValue {
        guard case .object(var object) = encode(incident, withPolicy: true) else { return .null }
        (object["windows"], object["charges"]) = wire.encode(CaseWindows.from(events: events))
        object["events"] = .array(events.map(wire.encode))
        object["now"] = wire.time(now)
        return .object(object)
    }

    /// `list`'s answer: the first `limit` of `incidents`, `count` of them, `more` when some were
    /// left out (gridctl says how to see them), and `now`, the daemon's time the lights were
    /// judged at (gridctl counts the time left against it, not its own clock: a drill runs fast).
    func listAnswer(_ incidents: [Incident], limit: Int) -> JSONObject {
        let shown = incidents.prefix(limit)
        return [
            "count": .int(Int64(shown.count)), "incidents": .array(shown.map { encode($0) }),
            "more": .bool(incidents.count > limit), "now": wire.time(now),
        ]
    }

    func encode(_ incident: Incident, created: Bool? = nil, withPolicy: Bool = false) -> JSONValue {
        wire.encode(
            incident, now: now, created: created, withPolicy: withPolicy,
            maskReporter: !Authority.mayReadReporter(of: incident, by: peer, roles: roles))
    }

    /// `encode`'s object written as text into `sink` (a `submit`'s answer: no tree built).
    func write(_ incident: Incident, created: Bool? = nil, to sink: inout JSONBytesSink) {
        wire.write(
            incident, now: now, created: created,
            maskReporter: !Authority.mayReadReporter(of: incident, by: peer, roles: roles), to: &sink)
    }

    /// The incidents whose open request the peer may decide (`list --requests`): an operator's
    /// all, a worker's those held by units below its own (`Authority`).
    func decidable(_ incidents: [Incident]) -> [Incident] {
        incidents.filter { (try? Authority.check(.approve, on: $0, by: peer, roles: roles)) != nil }
    }
}
