import CSQLite
import Dispatch
import Synchronization
import GridCore
import XCTest

@testable import GridStore

private struct Refusal: Error, CustomStringConvertible {
    var description: String { "refused on purpose" }
}

final class GroupCommitTests: XCTestCase {
    /// Many submits from several threads: fewer transactions than operations, and each completion
    /// comes only when its incident is visible from a brand-new connection.
    func testConcurrentSubmitsShareTransactionsAndCompleteAfterCommit() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let path = directory.file("gridd.db")
        let threads = 8
        let perThread = 50
        let total = threads * perThread
        let collector = Collector<Bool>()
        collector.expect(total)
        let batchesBefore = store.committedBatches
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for index in 0..<perThread {
                let incident = Fixtures.fullIncident(key: "t\(thread)-\(index)")
                store.submit(incident, event: Fixtures.event(for: incident)) { result in
                    guard case .success(let outcome) = result else { return collector.add(false) }
                    // Visible to a connection opened only now: the commit happened before this call.
                    let visible = (try? Connection(path: path, flags: SQLITE_OPEN_READONLY))
                        .flatMap { try? $0.scalarInt("SELECT count(*) FROM incidents WHERE id = \(outcome.incident.id)") }
                    collector.add(visible == 1)
                }
            }
        }
        collector.wait(timeout: 120)
        XCTAssertEqual(collector.all.count, total)
        XCTAssertTrue(collector.all.allSatisfy { $0 }, "every completion saw its data committed")
        let batches = store.committedBatches - batchesBefore
        XCTAssertGreaterThan(batches, 0)
        XCTAssertLessThan(batches, total, "group commit: fewer transactions than operations")
        let statistics = try store.statistics(now: Fixtures.t0)
        XCTAssertEqual(statistics.totalIncidents, total)
        XCTAssertEqual(statistics.committedWrites, total)
        XCTAssertEqual(statistics.lastIncidentID, Int64(total))
    }

    /// Operations queued while the writer is busy go into one transaction, at most groupCommitMax each.
    func testQueuedOperationsAreBatchedUpToTheMaximum() throws {
        let (transactions, directory) = try whileWriterHeldAtMaximumTen { store in
            let collector = Collector<Result<IntakeOutcome, StoreError>>()
            collector.expect(95)
            for _ in 0..<95 {
                let incident = Fixtures.bareIncident()
                store.submit(incident, event: Fixtures.event(for: incident)) { collector.add($0) }
            }
            return { collector.wait() }
        }
        XCTAssertEqual(transactions, 1 + 10, "the blocker's, then 95 operations in batches of at most 10")
        XCTAssertEqual(try count("incidents", in: directory), 95)
    }

    /// A batch of reports weighs its reports against groupCommitMax: the maximum bounds reports
    /// per transaction, not operations; a batch heavier than the maximum commits alone.
    func testBatchesCountTheirReportsAgainstTheMaximum() throws {
        let (transactions, directory) = try whileWriterHeldAtMaximumTen { store in
            let collector = Collector<[Result<IntakeOutcome, StoreError>]>()
            let sizes = [4, 4, 4, 4, 4, 15, 1]
            collector.expect(sizes.count)
            for size in sizes {
                let items = (0..<size).map { _ in
                    let incident = Fixtures.bareIncident()
                    return IncidentStore.BatchItem(incident: incident, event: Fixtures.event(for: incident), keyDigest: nil)
                }
                store.submitBatch(items) { collector.add($0) }
            }
            return { collector.wait() }
        }
        // 4+4 | 4+4 | 4 (15 would pass 10) | 15 alone | 1
        XCTAssertEqual(transactions, 1 + 5, "the blocker's, then transactions of at most 10 reports")
        XCTAssertEqual(try count("incidents", in: directory), 36)
    }

    /// Runs `queue` on a store with groupCommitMax 10 while its writer is held, lets the writer go
    /// and waits for what `queue` returns (its completions): the transactions committed from the
    /// hold on (the blocker's included), and the store's directory.
    private func whileWriterHeldAtMaximumTen(
        _ queue: (IncidentStore) -> () -> Void
    ) throws -> (transactions: Int, directory: TemporaryDirectory) {
        let directory = TemporaryDirectory()
        var options = StoreOptions()
        options.groupCommitMax = 10
        let store = try openStore(directory, options: options)
        defer { store.close() }
        let (release, blocker) = blockWriter(store)
        let before = store.committedBatches
        let waitForCompletions = queue(store)
        release.signal()
        blocker.wait()
        waitForCompletions()
        return (store.committedBatches - before, directory)
    }

    /// One failing operation rolls back only itself; the others of its batch commit.
    func testFailingOperationRollsBackOnlyItself() throws {
        let directory = TemporaryDirectory()
        let store = try openStore(directory)
        defer { store.close() }
        let (release, blocker) = blockWriter(store)
        let before = store.committedBatches
        let collector = Collector<(String, Result<Int64, StoreError>)>()
        collector.expect(4)
        for name in ["first", "fails", "domain", "last"] {
            store.write({ context in
                var incident = Fixtures.bareIncident()
                incident.key = name
                let id = try IncidentQueries.intake(incident, event: Fixtures.event(for: incident), in: context).incident.id
                if name == "fails" { throw Refusal() }
                if name == "domain" { throw GridError(.notFound, "no incident 99") }
                return id
            }) { collector.add((name, $0)) }
        }
        release.signal()
        blocker.wait()
        collector.wait()
        XCTAssertEqual(store.committedBatches - before, 2, "the blocker's transaction, then one for the four")
        var results: [String: Result<Int64, StoreError>] = [:]
        for (name, result) in collector.all { results[name] = result }
        XCTAssertNoThrow(try results["first"]!.get())
        XCTAssertNoThrow(try results["last"]!.get())
        XCTAssertThrowsError(try results["fails"]!.get()) { error in
            XCTAssertEqual(error as? StoreError, .operationFailed("refused on purpose"))
        }
        XCTAssertThrowsError(try results["domain"]!.get()) { error in
            XCTAssertEqual((error as? StoreError)?.gridError, GridError(.notFound, "no incident 99"))
        }
        let connection = try freshConnection(directory)
        XCTAssertEqual(try connection.strings("SELECT key FROM incidents ORDER BY id"), ["first", "last"])
        XCTAssertEqual(try connection.scalarInt("SELECT count(*) FROM events"), 2)
    }

    /// A failed COMMIT fails every operation of the batch, and nothing of it is stored.
    func testFailedCommitFailsTheWholeBatch() throws {
        let directory = TemporaryDirectory()
        let failCommit = FaultSwitch()
        var options = StoreOptions()
        options.faultInjector = { sql in failCommit.isOn && sql.hasPrefix("COMMIT") ? SQLITE_IOERR : nil }
        let store = try openStore(directory, options: options)
        defer { store.close() }
        let (release, blocker) = blockWriter(store)
        failCommit.isOn = true
        let collector = Collector<Result<IntakeOutcome, StoreError>>()
        collector.expect(5)
        for index in 0..<5 {
            let incident = Fixtures.fullIncident(key: "c\(index)")
            store.submit(incident, event: Fixtures.event(for: incident)) { collector.add($0) }
        }
        release.signal()
        blocker.wait()
        collector.wait()
        XCTAssertEqual(collector.all.count, 5)
        for result in collector.all {
            XCTAssertThrowsError(try result.get()) { error in
                let storeError = error as? StoreError
                XCTAssertEqual(storeError?.gridError.code, .unavailable)
                guard case .sqlite(let sqlite) = storeError else { return XCTFail("\(error)") }
                XCTAssertEqual(sqlite.code, SQLITE_IOERR)
                XCTAssertEqual(sqlite.sql, "COMMIT")
            }
        }
        XCTAssertEqual(try count("incidents", in: directory), 0)
        XCTAssertGreaterThan(try store.statistics(now: Fixtures.t0).failedBatches, 0)
        // The writer recovers once the fault clears.
        failCommit.isOn = false
        XCTAssertTrue(try submitAndWait(store, Fixtures.fullIncident(key: "c0")).get().created)
    }
}

/// A switch a fault injector reads from any thread.
final class FaultSwitch: Sendable {
    private let state = Mutex(false)
    var isOn: Bool {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
