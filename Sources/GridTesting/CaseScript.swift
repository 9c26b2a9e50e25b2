import Dispatch
import GridCore
import GridFixtures
import GridStore

/// Plays cases through the real lifecycle at explicit times into a real store: opened as intake
/// opens them (the config's policy snapshot, the cell's placement), acted on as the daemon acts,
/// and their timers fired at the instants they fall due, as the scheduler fires them. For tests
/// that need a database holding exactly a given history (the worked example of docs/REPORTS.md),
/// written the way gridd writes one; the daemon never calls it.
public final class CaseScript: @unchecked Sendable {
    public let store: IncidentStore
    public let lifecycle: Lifecycle
    private let categories: CategoryCatalog
    private let policy: @Sendable (Category) -> IncidentPolicy
    /// The config's policy, for 立案 (nil: the worked example's).
    private var escalationPolicy: EscalationPolicy?
    private let worker = Actor(uid: 1002, name: "网格员")

    /// - Parameter policy: the snapshot a case of a category gets (the config's, at its default priority).
    public init(
        store: IncidentStore, calendar: WorkingCalendar, categories: CategoryCatalog,
        policy: @escaping @Sendable (Category) -> IncidentPolicy
    ) {
        self.store = store
        self.categories = categories
        self.policy = policy
        lifecycle = Lifecycle(calendar: calendar)
    }

    /// With the policy of `config`, as intake snapshots it.
    public convenience init(store: IncidentStore, config: GridConfig, calendar: WorkingCalendar) {
        let policy = config.policy
        self.init(store: store, calendar: calendar, categories: config.categories) {
            policy.snapshot(category: $0, priority: $0.defaultPriority)
        }
        escalationPolicy = policy
    }

    /// The worked example of docs/REPORTS.md (`WorkedExample`) written into the store (ids 1…17,
    /// if the store was empty), its timers fired up to the report's time.
    public func playWorkedExample() throws {
        var ids: [Int64] = []
        for script in WorkedExample.cases {
            let id = try open(
                category: script.category, cell: script.cell, at: script.created, title: script.title, channel: script.channel,
                waits: script.waits)
            for action in script.actions {
                let command = WorkedExample.resolved(
                    action.command, categories: categories, policy: escalationPolicy ?? WorkedExample.escalationPolicy)
                try act(id, command, at: action.at, note: action.note)
            }
            ids.append(id)
        }
        for id in ids { try fireTimers(id, through: WorkedExample.reportTime) }
    }

    public struct ScriptError: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }

    /// A report of `category` in `cell` at `at`, dispatched to the cell's community (or waiting
    /// for 立案: `waits`); its id.
    @discardableResult
    public func open(
        category code: String, cell: String, at: Timestamp, title: String? = nil, channel: Channel? = nil, waits: Bool = false
    ) throws -> Int64 {
        guard let category = categories[code], let cellCode = CellCode(cell) else {
            throw ScriptError(description: "no category \(code) or cell \(cell)")
        }
        let policy = self.policy(category)
        let (incident, event) = lifecycle.open(
            report: Report(category: code, title: title, place: .cell(cell), channel: channel),
            placement: .inCell(cellCode, method: .cell), category: category, policy: policy, now: at, actor: worker, source: .socket,
            waits: waits)
        let result = wait { done in self.store.submit(incident, event: event) { done($0) } }
        return try result.get().incident.id
    }

    /// A person's action at `at` (its timers due before `at` are fired first).
    public func act(_ id: Int64, _ command: LifecycleCommand, at: Timestamp, note: String? = nil) throws {
        try fireTimers(id, through: at)
        let current = try incident(id)
        let step = try lifecycle.apply(command, to: current, by: worker, note: note, now: at)
        try write(current, IncidentTransition(incident: step.incident, events: step.events))
    }

    /// Fires the case's timers, each at the instant it falls due, up to and including `through`.
    public func fireTimers(_ id: Int64, through: Timestamp) throws {
        while true {
            let current = try incident(id)
            guard let timer = current.timers.nextTimer, timer.at <= through,
                let step = lifecycle.fire(timer, on: current, now: timer.at)
            else { return }
            try write(current, IncidentTransition(incident: step.incident, events: step.events))
        }
    }

    public func incident(_ id: Int64) throws -> Incident {
        guard let incident = try store.incident(id: id) else { throw ScriptError(description: "no incident \(id)") }
        return incident
    }

    private func write(_ current: Incident, _ change: IncidentTransition) throws {
        let prepared = try PreparedTransition(from: current, to: change)
        let outcomes = wait { done in self.store.apply([prepared]) { done($0) } }
        guard case .success(.applied(_, _))? = outcomes.first else {
            throw ScriptError(description: "incident \(current.id): \(outcomes)")
        }
    }

    private func wait<T: Sendable>(_ start: (@escaping @Sendable (T) -> Void) -> Void) -> T {
        let semaphore = DispatchSemaphore(value: 0)
        let box = ResultBox<T>()
        start { value in
            box.value = value
            semaphore.signal()
        }
        semaphore.wait()
        return box.value!
    }
}

private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
