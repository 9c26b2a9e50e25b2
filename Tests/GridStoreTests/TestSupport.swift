import CSQLite
import Dispatch
import Foundation
import GridCore
import Synchronization
import XCTest

@testable import GridStore

/// A temporary directory per test, removed afterwards.
final class TemporaryDirectory {
    let path: String

    init() {
        var template = Array((NSTemporaryDirectory() + "/gridstore-test-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Results gathered from completions on other threads.
final class Collector<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    let group = DispatchGroup()

    func expect(_ count: Int = 1) { for _ in 0..<count { group.enter() } }

    func add(_ value: Value) {
        values.withLock { $0.append(value) }
        group.leave()
    }

    var all: [Value] { values.withLock { $0 } }

    /// Waits (no sleeping) until every expected value has arrived.
    func wait(timeout seconds: Double = 30, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(group.wait(timeout: .now() + seconds), .success, "completions did not arrive in time", file: file, line: line)
    }
}

enum Fixtures {
    static let district = UnitCode("110105")!
    static let street = UnitCode("110105001")!
    static let community = UnitCode("110105001002")!
    static let otherCommunity = UnitCode("110105003004")!
    static let otherDistrict = UnitCode("110108")!
    static let cell = CellCode("110105001002003")!
    static let t0 = Timestamp(rfc3339: "2026-05-01T09:00:00+08:00")!

    /// A policy in every time base: working hours, working days, calendar time.
    static let policy = IncidentPolicy(
        windows: [
            .community: .init(ack: .working(2 * 3_600_000), resolve: .workingDays(3)),
            .street: .init(ack: .working(5_400_000), resolve: .working(16 * 3_600_000)),
            .district: .init(ack: .calendar(30 * 60_000), resolve: .calendar(2 * 86_400_000)),
        ],
        topTier: .district, warningFraction: 0.75, reminderInterval: .calendar(86_400_000),
        verificationWindow: .workingDays(1))

    /// The ack window of an incident created at `start`, running, its warning still to come.
    static func ackRunning(from start: Timestamp = t0) -> IncidentTimers {
        IncidentTimers(
            window: .ack, windowStartedAt: start, dueAt: start.adding(milliseconds: 2 * 3_600_000),
            warnAt: start.adding(milliseconds: 90 * 60_000))
    }

    /// An incident with every optional field set, Chinese text included, its ack window running.
    static func fullIncident(key: String? = "report-0001") -> Incident {
        Incident(
            key: key, category: "0102", priority: .urgent, state: .dispatched, tier: .community, unit: community,
            placement: Placement(
                method: .location, cell: cell, community: community, street: street, district: district,
                city: district.parent!, reason: "坐标在网格边界附近"),
            title: "暴露垃圾", description: "小区东门外有大量生活垃圾堆积，影响通行。\n第二行：\"引号\"\\反斜杠",
            address: "朝阳区某街道某社区东门", location: GeoPoint(lat: 39.921_234_567, lon: 116.443_210_987),
            reporter: Report.Reporter(name: "张三", phone: "13800138000"),
            reportedAt: t0.adding(milliseconds: -60_123), createdAt: t0, updatedAt: t0.adding(milliseconds: 7),
            version: 1, source: .socket, createdBy: Actor(uid: 1001, name: "网格员李四", pid: 4242),
            policy: policy, timers: ackRunning())
    }

    /// An incident with every optional field nil.
    static func bareIncident(unit: UnitCode = community, category: String = "0301", at time: Timestamp = t0) -> Incident {
        Incident(
            key: nil, category: category, priority: .low, state: .dispatched, tier: unit.tier, unit: unit,
            placement: Placement.atUnit(unit, method: .fallback), createdAt: time, updatedAt: time, source: .spool,
            createdBy: Actor(uid: 0))
    }

    static func event(for incident: Incident, detail: JSONObject = JSONObject()) -> IncidentEvent {
        IncidentEvent(kind: .dispatched, at: incident.createdAt, tier: incident.tier, unit: incident.unit,
            actor: incident.createdBy, detail: detail)
    }
}

extension XCTestCase {
    /// Opens a store in `directory`, failing the test on error.
    func openStore(_ directory: TemporaryDirectory, options: StoreOptions = StoreOptions(),
        file: StaticString = #filePath, line: UInt = #line) throws -> IncidentStore
    {
        do {
            return try IncidentStore(path: directory.file("gridd.db"), options: options)
        } catch {
            XCTFail("open failed: \(error)", file: file, line: line)
            throw error
        }
    }

    /// Submits and waits for the result.
    func submitAndWait(_ store: IncidentStore, _ incident: Incident, event: IncidentEvent? = nil, keyDigest: [UInt8]? = nil)
        -> Result<IntakeOutcome, StoreError>
    {
        let collector = Collector<Result<IntakeOutcome, StoreError>>()
        collector.expect()
        store.submit(incident, event: event ?? Fixtures.event(for: incident), keyDigest: keyDigest) { collector.add($0) }
        collector.wait()
        return collector.all.first ?? .failure(.closed)
    }

    /// Holds the writer inside an operation until the returned semaphore is signalled, so that what is
    /// queued meanwhile is committed together in the next batch.
    func blockWriter(_ store: IncidentStore) -> (release: DispatchSemaphore, done: Collector<Bool>) {
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let done = Collector<Bool>()
        done.expect()
        store.write({ (_: WriteContext) -> Void in
            started.signal()
            release.wait()
        }) { (result: Result<Void, StoreError>) in
            done.add((try? result.get()) != nil)
        }
        XCTAssertEqual(started.wait(timeout: .now() + 30), .success)
        return (release, done)
    }

    /// A fresh connection of its own, as an operator's sqlite3 shell would be.
    func freshConnection(_ directory: TemporaryDirectory) throws -> Connection {
        try Connection(path: directory.file("gridd.db"), flags: SQLITE_OPEN_READWRITE)
    }

    /// `EXPLAIN QUERY PLAN` of `sql` on a fresh database, its lines joined by "; ".
    func queryPlan(_ sql: String) throws -> String {
        let directory = TemporaryDirectory()
        try openStore(directory).close()
        let connection = try freshConnection(directory)
        defer { connection.close() }
        let statement = try connection.prepare("EXPLAIN QUERY PLAN " + sql)
        var lines: [String] = []
        while try statement.step() { lines.append(statement.string(at: 3) ?? "") }
        return lines.joined(separator: "; ")
    }

    func count(_ table: String, in directory: TemporaryDirectory) throws -> Int64 {
        try freshConnection(directory).scalarInt("SELECT count(*) FROM \(table)") ?? -1
    }
}

extension IncidentStore {
    /// The idempotency keys of the incidents `filter` selects, in the store's order (tests name
    /// their incidents by key).
    func keys(_ filter: IncidentFilter) throws -> [String] {
        try incidents(matching: filter).map { $0.key ?? "?" }
    }
}

/// A test case with a fresh store in its own temporary directory for each test, closed after it.
class StoreTestCase: XCTestCase {
    var directory: TemporaryDirectory!
    var store: IncidentStore!

    override func setUpWithError() throws {
        directory = TemporaryDirectory()
        store = try openStore(directory)
    }

    override func tearDown() {
        store?.close()
        store = nil
        directory = nil
    }
}
