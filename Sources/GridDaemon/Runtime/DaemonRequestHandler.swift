import Dispatch
import GridCore
import GridStore
import Synchronization

/// Turns request lines into store operations and responses: decode, validate, route, open the
/// incident, commit (group commit), and only then reply and log. Reads (`show`, `list`, `status`)
/// run on their own queue against the store's read connection, never behind the writer.
public final class DaemonRequestHandler: RequestHandling {
    private let store: IncidentStore
    private let clock: any WallClock
    private let log: DispatchLog
    private let model: Mutex<CityModel>
    private let readQueue = DispatchQueue(label: "gridd.read")
    private let statusProvider: @Sendable () -> JSONObject

    public init(
        model: CityModel, store: IncidentStore, clock: any WallClock, log: DispatchLog,
        statusProvider: @escaping @Sendable () -> JSONObject
    ) {
        self.model = Mutex(model)
        self.store = store
        self.clock = clock
        self.log = log
        self.statusProvider = statusProvider
    }

    public var currentModel: CityModel { model.withLock { $0 } }

    public func handle(line: ArraySlice<UInt8>, from peer: Actor, reply: @escaping @Sendable ([UInt8]) -> Void) {
        let city = currentModel
        let decoder = RequestDecoder(reportDecoder: city.reportDecoder)
        let request: Request
        do throws(RequestDecodingError) {
            request = try line.withUnsafeBufferPointer { (buffer) throws(RequestDecodingError) -> Request in
                try decoder.decode(line: buffer)
            }
        } catch {
            refuse(id: error.id, op: "-", error: error.error, peer: peer, reply: reply)
            return
        }
        switch request.operation {
        case .submit(let report):
            submit(report, id: request.id, city: city, peer: peer, reply: reply)
        case .show(let incidentID):
            read(request, peer: peer, reply: reply) { [store] () throws(GridError) -> JSONValue in
                guard let incident = try Self.mapping({ () throws(StoreError) in try store.incident(id: incidentID) }) else {
                    throw GridError(.notFound, "no incident \(incidentID)")
                }
                let events = try Self.mapping { () throws(StoreError) in try store.events(incidentID: incidentID) }
                guard case .object(var object) = city.wire.encode(incident) else { return .null }
                object["events"] = .array(events.map(city.wire.encode))
                return .object(object)
            }
        case .list(let query):
            read(request, peer: peer, reply: reply) { [store] () throws(GridError) -> JSONValue in
                let incidents = try Self.mapping { () throws(StoreError) in try store.incidents(matching: IncidentFilter(query)) }
                return ["count": .int(Int64(incidents.count)), "incidents": .array(incidents.map { city.wire.encode($0) })]
            }
        case .status:
            read(request, peer: peer, reply: reply) { [store, statusProvider] () throws(GridError) -> JSONValue in
                var status = statusProvider()
                let statistics = try Self.mapping { () throws(StoreError) in try store.statistics() }
                status["store"] = statistics.json
                return .object(status)
            }
        case .ping:
            reply(Response.success(id: request.id, result: ["pong": true, "at": .string(clock.now().description)]))
        }
    }

    private func submit(_ report: Report, id: JSONValue, city: CityModel, peer: Actor, reply: @escaping @Sendable ([UInt8]) -> Void) {
        guard let category = city.config.categories[report.category] else {
            refuse(id: id, op: "submit", error: GridError(.unknownCategory, "category \(report.category) is not configured"), peer: peer, reply: reply)
            return
        }
        let placement: Placement
        do throws(GridError) {
            placement = try city.router.route(report.place)
        } catch {
            refuse(id: id, op: "submit", error: error, peer: peer, reply: reply)
            return
        }
        let opened = IncidentIntake.open(
            report: report, placement: placement, category: category, now: clock.now(), actor: peer, source: .socket)
        store.submit(opened.incident, event: opened.event) { [log] result in
            switch result {
            case .success(let outcome):
                if outcome.created {
                    var event = opened.event
                    event.incidentID = outcome.incident.id
                    log.log(.event(event, incident: outcome.incident))
                } else {
                    log.log(.info, "duplicate", [("id", String(outcome.incident.id)), ("key", report.key ?? "-"), ("uid", String(peer.uid))])
                }
                reply(Response.success(id: id, result: city.wire.encode(outcome.incident, created: outcome.created)))
            case .failure(let error):
                let gridError = error.gridError
                log.log(.error, "store_failed", [("op", "submit"), ("code", gridError.code.rawValue), ("error", error.description)])
                reply(Response.failure(id: id, error: gridError))
            }
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
