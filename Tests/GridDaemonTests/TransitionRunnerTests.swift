import Dispatch
import GridCore
@testable import GridDaemon
import GridStore
import GridSystem
import GridTesting
import Synchronization
import XCTest

/// The pipeline every change to a stored incident takes: `TransitionDecision` (pure) and the
/// `TransitionRunner` (read → decide → prepare → write, a stale row decided again), against a
/// real store and against a scripted one whose row moves on under every write.
final class TransitionRunnerTests: XCTestCase {
    static let lifecycle = Lifecycle(calendar: try! WorkingCalendar())
    static let policy = IncidentPolicy(
        windows: Dictionary(uniqueKeysWithValues: Tier.allCases.map {
            ($0, IncidentPolicy.TierWindows(ack: .calendar(1_800_000), resolve: .calendar(14_400_000)))
        }),
        topTier: .city, warningFraction: 0.8, reminderInterval: .calendar(3_600_000), verificationWindow: .calendar(14_400_000))
    static let t0 = Timestamp(rfc3339: "2026-11-30T09:00:00+08:00")!
    static let reporter = Actor(uid: 1001, name: "wang")
    static let operatorActor = Actor(uid: 1002, name: "li")

    /// A dispatched incident at community 320506002001, its ack window running.
    static func dispatched(id: Int64 = 7) -> (incident: Incident, event: IncidentEvent) {
        let category = Category(code: "0102", name: "暴露垃圾", majorName: "市容环境")
        var (incident, event) = lifecycle.open(
            report: Report(category: "0102", place: .cell("320506002001006")),
            placement: .inCell(CellCode("320506002001006")!, method: .cell), category: category, policy: policy, now: t0,
            actor: reporter, source: .socket)
        incident.id = id
        return (incident, event)
    }

    static func action(_ command: LifecycleCommand, roles: Set<Role> = [.operator]) -> WorkerAction {
        WorkerAction(command: command, actor: operatorActor, roles: roles, note: nil, lifecycle: lifecycle)
    }

    static func timer(of incident: Incident, version: Int64? = nil) -> ScheduledTimer {
        let next = incident.timers.nextTimer!
        return ScheduledTimer(incidentID: incident.id, version: version ?? incident.version, kind: next.kind, at: next.at)
    }

    // MARK: Deciding

    func testATimerArmedAtAnotherVersionIsStale() {
        let incident = Self.dispatched().incident
        let decision = TransitionDecision.timer(Self.timer(of: incident, version: 3), Self.lifecycle)
        XCTAssertEqual(decision.decide(on: incident, now: Self.t0), .stale)
    }

    func testATimerTheIncidentNoLongerHasIsUnchanged() {
        let incident = Self.dispatched().incident
        var timer = Self.timer(of: incident)
        timer.at = timer.at.adding(milliseconds: 1)
        XCTAssertEqual(TransitionDecision.timer(timer, Self.lifecycle).decide(on: incident, now: Self.t0), .unchanged)
    }

    func testADueTimerIsWrittenWithItsEvent() throws {
        let incident = Self.dispatched().incident
        let timer = Self.timer(of: incident)
        guard case .write(let change) = TransitionDecision.timer(timer, Self.lifecycle).decide(on: incident, now: timer.at) else {
            return XCTFail("a due timer is written")
        }
        XCTAssertEqual(change.incident.version, incident.version + 1)
        XCTAssertEqual(change.events.map(\.kind), [.warning])
    }

    func testAnActionIsCheckedAgainstTheIncidentAsItIs() {
        let incident = Self.dispatched().incident
        let stranger = TransitionDecision.action(Self.action(.acknowledge, roles: [.worker(UnitCode("320508002")!)]))
        guard case .refused(let error) = stranger.decide(on: incident, now: Self.t0) else { return XCTFail() }
        XCTAssertEqual(error.code, .permissionDenied)
        guard case .refused(let state) = TransitionDecision.action(Self.action(.resolve)).decide(on: incident, now: Self.t0) else {
            return XCTFail()
        }
        XCTAssertEqual(state.code, .invalidState)
        guard case .write(let change) = TransitionDecision.action(Self.action(.acknowledge)).decide(on: incident, now: Self.t0) else {
            return XCTFail()
        }
        XCTAssertEqual(change.incident.state, .acknowledged)
    }

    // MARK: Running

    private var directory: String!
    private var store: IncidentStore!
    private var log: DispatchLog!
    private var scheduler: DeadlineScheduler!

    override func setUpWithError() throws {
        var template = Array("/tmp/gridd-runner-XXXXXX".utf8CString)
        directory = String(cString: try XCTUnwrap(mkdtemp(&template)))
        store = try IncidentStore(path: directory + "/gridd.sqlite")
        log = DispatchLog(filePath: nil, clock: ManualClock(Self.t0), echoToStderr: false)
        scheduler = DeadlineScheduler(store: store, clock: DrillClock())
    }

    override func tearDown() {
        store?.close()
        if let directory {
            for name in ["gridd.sqlite", "gridd.sqlite-wal", "gridd.sqlite-shm", "gridd.sqlite.identity", "gridd.conf"] {
                unlink(directory + "/" + name)
            }
            rmdir(directory)
        }
    }

    private func runner(over transitions: (any TransitionStore)? = nil) throws -> TransitionRunner {
        try SampleConfig.write(to: directory + "/gridd.conf", repositoryRoot: DaemonHarness.repositoryRoot)
        guard case .success(let city) = CityLoader.load(configPath: directory + "/gridd.conf", clock: SystemClock()) else {
            throw XCTSkip("the sample city does not load")
        }
        return TransitionRunner(
            transitionsOf: transitions ?? store, city: CityModelBox(city), clock: ManualClock(Self.t0),
            sink: CommitSink(log: log, scheduler: scheduler))
    }

    private func act(_ runner: TransitionRunner, on id: Int64) -> Result<TransitionOutcome, StoreError> {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<TransitionOutcome, StoreError>?>(nil)
        runner.act(Self.action(.acknowledge), on: id) { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        XCTAssertEqual(done.wait(timeout: .now() + 30), .success)
        return outcome.withLock { $0 } ?? .failure(.closed)
    }

    /// Through the real store: the action is written, its event logged once and the incident's
    /// next deadline handed to the scheduler, all after COMMIT.
    func testAnActionIsWrittenLoggedAndScheduledOnce() throws {
        let (incident, event) = Self.dispatched()
        let submitted = DispatchSemaphore(value: 0)
        let stored = Mutex<Incident?>(nil)
        store.submit(incident, event: event) { result in
            stored.withLock { $0 = try? result.get().incident }
            submitted.signal()
        }
        XCTAssertEqual(submitted.wait(timeout: .now() + 30), .success)
        let id = try XCTUnwrap(stored.withLock { $0 }).id
        guard case .applied(let acknowledged, let events) = try act(try runner(), on: id).get() else { return XCTFail() }
        XCTAssertEqual(acknowledged.state, .acknowledged)
        XCTAssertEqual(try store.incident(id: id), acknowledged)
        XCTAssertEqual(events.map(\.kind), [.acknowledged])
        XCTAssertEqual(log.broadcaster.snapshot().published, 1, "one line, for the one event")
        XCTAssertEqual(scheduler.snapshot().pending, 1, "the resolve window's first deadline")
        XCTAssertEqual(act(try runner(), on: 999), .failure(.noIncident(999)))
    }

    /// A row that moved on between the read and the write: the action is decided again on the
    /// row as it is, and written once.
    func testAnActionWhoseRowMovedOnIsDecidedAgain() throws {
        let scripted = MovingRow(Self.dispatched().incident, movesOnWrites: 2)
        let outcome = act(try runner(over: scripted), on: 7)
        guard case .applied(let acknowledged, _) = try outcome.get() else { return XCTFail("\(outcome)") }
        XCTAssertEqual(acknowledged.version, 4, "written on version 3, after two changes of others")
        XCTAssertEqual(scripted.writes, 3)
        XCTAssertEqual(log.broadcaster.snapshot().published, 1)
    }

    /// A row that keeps moving: the action gives up after `maxDecisions`, answered `unavailable`.
    func testAnActionGivesUpOnARowThatKeepsMoving() throws {
        let scripted = MovingRow(Self.dispatched().incident, movesOnWrites: 1000)
        let outcome = act(try runner(over: scripted), on: 7)
        guard case .failure(.refused(let error)) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(error.code, .unavailable)
        XCTAssertEqual(scripted.writes, TransitionRunner.maxDecisions)
        XCTAssertEqual(log.broadcaster.snapshot().published, 0)
    }

    /// A timer whose row moved on between the read and the write is stale for good: one write.
    func testATimerWhoseRowMovedOnIsStaleForGood() throws {
        let incident = Self.dispatched().incident
        let scripted = MovingRow(incident, movesOnWrites: 1)
        let done = DispatchSemaphore(value: 0)
        let outcomes = Mutex<[Result<TransitionOutcome, StoreError>]>([])
        try runner(over: scripted).fire([Self.timer(of: incident)]) { results in
            outcomes.withLock { $0 = results }
            done.signal()
        }
        XCTAssertEqual(done.wait(timeout: .now() + 30), .success)
        guard case .success(.stale(let current))? = outcomes.withLock({ $0.first }) else { return XCTFail() }
        XCTAssertEqual(current.version, 2)
        XCTAssertEqual(scripted.writes, 1)
        XCTAssertEqual(log.broadcaster.snapshot().published, 0)
    }
}

/// One incident row whose first `movesOnWrites` writes find it changed by somebody else (its
/// version raised), as when another action commits between a read and a write.
final class MovingRow: TransitionStore, @unchecked Sendable {
    // @unchecked: the state is a Mutex.
    private let state: Mutex<(row: Incident, moves: Int, writes: Int)>

    init(_ row: Incident, movesOnWrites: Int) { state = Mutex((row, movesOnWrites, 0)) }

    var writes: Int { state.withLock { $0.writes } }

    func incidents(
        ids: [Int64], on queue: DispatchQueue, completion: @escaping @Sendable ([Result<Incident?, StoreError>]) -> Void
    ) {
        let row = state.withLock { $0.row }
        queue.async { completion(ids.map { .success($0 == row.id ? row : nil) }) }
    }

    func apply(
        _ transitions: [PreparedTransition], on queue: DispatchQueue?,
        completion: @escaping @Sendable ([Result<TransitionOutcome, StoreError>]) -> Void
    ) {
        let results = state.withLock { state in
            transitions.map { prepared -> Result<TransitionOutcome, StoreError> in
                state.writes += 1
                if state.moves > 0 {
                    state.moves -= 1
                    state.row.version += 1
                }
                guard prepared.readVersion == state.row.version else { return .success(.stale(current: state.row)) }
                state.row = prepared.incident
                return .success(.applied(prepared.incident, prepared.events))
            }
        }
        (queue ?? .global()).async { completion(results) }
    }
}
