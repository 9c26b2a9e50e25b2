import GridCore
@testable import GridDaemon
import Synchronization
import XCTest

/// The pieces of `tail` without a daemon: the ring buffer, the broadcaster's backlog, queues,
/// missed counts and wake-ups, the filters, and the stream's records.
final class TailBroadcasterTests: XCTestCase {
    func testRingBufferWrapsOverwritingTheOldestAndRefusesWhenFullOtherwise() {
        var ring = RingBuffer<Int>(capacity: 3)
        for value in 1...5 { ring.appendOverwriting(value) }
        XCTAssertEqual((0..<ring.count).map { ring[$0] }, [3, 4, 5])
        XCTAssertTrue(ring.isFull)
        XCTAssertFalse(ring.append(6), "append refuses when full")
        XCTAssertEqual(ring.removeFirst(), 3)
        XCTAssertTrue(ring.append(6))
        XCTAssertEqual(ring.removeAll(), [4, 5, 6])
        XCTAssertNil(ring.removeFirst())
        // Wrapping many times keeps FIFO order.
        for value in 0..<100 {
            ring.append(value)
            if value % 2 == 1 {
                XCTAssertEqual(ring.removeFirst(), value - 1)
                XCTAssertEqual(ring.removeFirst(), value)
            }
        }
        var empty = RingBuffer<Int>(capacity: 0)
        empty.appendOverwriting(1)
        XCTAssertTrue(empty.isEmpty, "a zero-capacity ring keeps nothing")
        XCTAssertFalse(empty.append(1))
    }

    func testBacklogIsTheMostRecentMatchingLinesInOrder() {
        let broadcaster = LogBroadcaster(settings: .init(backlog: 5, queue: 10))
        for index in 1...8 { broadcaster.publish(Self.line(index, unit: index.isMultiple(of: 2) ? "320506002001" : "320508002002"), timestamp: "t\(index)") }
        let all = broadcaster.subscribe(TailFilter(TailQuery()), backlog: 10, follow: false)
        XCTAssertEqual(all.backlog.map(\.seq), [4, 5, 6, 7, 8], "the ring keeps the last 5 of 8")
        XCTAssertNil(all.id)
        XCTAssertEqual(all.nextSeq, 9)
        let lastTwo = broadcaster.subscribe(TailFilter(TailQuery()), backlog: 2, follow: false)
        XCTAssertEqual(lastTwo.backlog.map(\.seq), [7, 8])
        let street = broadcaster.subscribe(TailFilter(TailQuery(unit: UnitCode("320506002"))), backlog: 10, follow: false)
        XCTAssertEqual(street.backlog.map(\.seq), [4, 6, 8], "a street takes its communities' lines")
        XCTAssertEqual(street.backlog.first?.timestamp, "t4")
        XCTAssertEqual(broadcaster.snapshot().published, 8)
    }

    func testAFullQueueLosesLinesAndTheReaderIsToldHowManyWhereTheyWereLost() {
        let broadcaster = LogBroadcaster(settings: .init(backlog: 0, queue: 3))
        let subscription = broadcaster.subscribe(TailFilter(TailQuery()), backlog: 0, follow: true)
        let id = try! XCTUnwrap(subscription.id)
        for index in 1...10 { broadcaster.publish(Self.line(index), timestamp: "t") }
        // Take one line: room for one more, which comes after a marker for the 7 lost.
        XCTAssertEqual(Self.describe(broadcaster.take(id, max: 1, wake: {})), ["1"])
        broadcaster.publish(Self.line(11), timestamp: "t")
        broadcaster.publish(Self.line(12), timestamp: "t")
        XCTAssertEqual(Self.describe(broadcaster.take(id, max: 100, wake: {})), ["2", "3", "missed 7", "11", "missed 1"])
        XCTAssertEqual(broadcaster.snapshot().missed, 8)
        XCTAssertEqual(Self.describe(broadcaster.take(id, max: 100, wake: {})), [])
        broadcaster.publish(Self.line(13), timestamp: "t")
        XCTAssertEqual(Self.describe(broadcaster.unsubscribe(id)), ["13"], "unsubscribing hands back what was queued")
        XCTAssertEqual(broadcaster.snapshot().subscribers, 0)
    }

    /// Whatever the interleaving of publishing and taking, the lines a subscriber gets are in
    /// order and every gap between them is exactly the missed count reported in it.
    func testGapsBetweenReceivedLinesAlwaysEqualTheMissedCounts() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let broadcaster = LogBroadcaster(settings: .init(backlog: 0, queue: Int.random(in: 1...8, using: &random)))
            let id = broadcaster.subscribe(TailFilter(TailQuery()), backlog: 0, follow: true).id!
            var received: [LogBroadcaster.Item] = []
            var published = 0
            for _ in 0..<200 {
                if Bool.random(using: &random) {
                    published += 1
                    broadcaster.publish(Self.line(published), timestamp: "t")
                } else {
                    received += broadcaster.take(id, max: Int.random(in: 1...5, using: &random), wake: {})
                }
            }
            received += broadcaster.unsubscribe(id)
            var expected: UInt64 = 1
            var totalMissed = 0
            for item in received {
                switch item {
                case .missed(let count):
                    XCTAssertGreaterThan(count, 0)
                    expected += UInt64(count)
                    totalMissed += count
                case .line(let entry):
                    XCTAssertEqual(entry.seq, expected, "a gap not accounted for by a missed record")
                    expected = entry.seq + 1
                case .ended(let reason):
                    XCTFail("ended (\(reason)) without being ended")
                }
            }
            XCTAssertEqual(Int(expected) - 1, published, "every line published was received or counted missed")
            XCTAssertEqual(broadcaster.snapshot().missed, totalMissed)
        }
    }

    func testAWaitingReaderIsWokenOnceWhenALineArrives() {
        let broadcaster = LogBroadcaster(settings: .init(backlog: 10, queue: 10))
        let id = broadcaster.subscribe(TailFilter(TailQuery(category: "0102")), backlog: 0, follow: true).id!
        let wakes = Mutex(0)
        let wake: @Sendable () -> Void = { wakes.withLock { $0 += 1 } }
        XCTAssertTrue(broadcaster.take(id, max: 10, wake: wake).isEmpty)
        broadcaster.publish(Self.line(1, category: "0401"), timestamp: "t")
        XCTAssertEqual(wakes.withLock { $0 }, 0, "a line the filter refuses does not wake the reader")
        broadcaster.publish(Self.line(2), timestamp: "t")
        broadcaster.publish(Self.line(3), timestamp: "t")
        XCTAssertEqual(wakes.withLock { $0 }, 1, "woken once, not once per line")
        XCTAssertEqual(Self.describe(broadcaster.take(id, max: 10, wake: wake)), ["2", "3"])
    }

    func testFiltersUnitAtAnyLevelTierCategoryLevelAndWorkerScope() {
        func entry(unit: String?, tier: String = "community", category: String = "0102", level: LogLevel = .info) -> TailEntry {
            var fields: [(String, String)] = [("tier", tier), ("category", category)]
            if let unit { fields.insert(("unit", unit), at: 0) }
            return TailEntry(seq: 1, timestamp: "t", line: LogLine(level, "dispatched", fields))
        }
        let community = entry(unit: "320506002001")
        let district = entry(unit: "320506", tier: "district")
        let operational = entry(unit: nil, level: .warning)
        func matches(_ query: TailQuery, scope: [UnitCode]? = nil, _ line: TailEntry) -> Bool {
            TailFilter(query, scope: scope).matches(line)
        }
        XCTAssertTrue(matches(TailQuery(unit: UnitCode("320506002001")), community))
        XCTAssertTrue(matches(TailQuery(unit: UnitCode("320506002")), community), "street contains its communities")
        XCTAssertTrue(matches(TailQuery(unit: UnitCode("320506")), community), "district contains them too")
        XCTAssertTrue(matches(TailQuery(unit: UnitCode("320500")), district), "the city contains its districts")
        XCTAssertFalse(matches(TailQuery(unit: UnitCode("320508002")), community))
        XCTAssertFalse(matches(TailQuery(unit: UnitCode("320506002")), district), "a district line is not inside a street")
        XCTAssertFalse(matches(TailQuery(unit: UnitCode("320506")), operational), "lines without a unit fail a unit filter")
        XCTAssertTrue(matches(TailQuery(tier: .district), district))
        XCTAssertFalse(matches(TailQuery(tier: .district), community))
        XCTAssertFalse(matches(TailQuery(category: "0401"), community))
        XCTAssertTrue(matches(TailQuery(level: .warning), operational))
        XCTAssertFalse(matches(TailQuery(level: .notice), community), "info is below notice")
        XCTAssertTrue(matches(TailQuery(), scope: [UnitCode("320506002")!], community))
        XCTAssertFalse(matches(TailQuery(), scope: [UnitCode("320506002")!], operational), "workers do not see operational lines")
    }

    func testWorkersMayTailOnlyInsideTheirUnits() throws {
        let actor = Actor(uid: 4242, name: "li")
        let street = UnitCode("320506002")!
        XCTAssertNil(try TailService.scope(of: [.operator], asking: nil, actor: actor))
        XCTAssertNil(try TailService.scope(of: [.admin, .worker(street)], asking: UnitCode("320508"), actor: actor))
        XCTAssertEqual(try TailService.scope(of: [.worker(street)], asking: nil, actor: actor), [street])
        XCTAssertEqual(try TailService.scope(of: [.worker(street)], asking: UnitCode("320506002001"), actor: actor), [street])
        XCTAssertThrowsError(try TailService.scope(of: [.worker(street)], asking: UnitCode("320506"), actor: actor)) { error in
            XCTAssertEqual((error as? GridError)?.code, .permissionDenied)
        }
    }

    func testAStreamSendsHeaderBacklogQueuedLinesAndAnEndRecord() throws {
        let broadcaster = LogBroadcaster(settings: .init(backlog: 10, queue: 10))
        broadcaster.publish(Self.line(1, phone: "138****5678"), timestamp: "2026-05-01T09:00:00.000+08:00")
        let done = Mutex<(lines: Int, missed: Int)?>(nil)
        let stream = TailStream(
            requestID: .string("t1"), broadcaster: broadcaster,
            subscription: broadcaster.subscribe(TailFilter(TailQuery()), backlog: 10, follow: true)
        ) { lines, missed in done.withLock { $0 = (lines, missed) } }
        stream.attach(wake: {})
        broadcaster.publish(Self.line(2), timestamp: "t2")
        var records = try Self.records(stream.next(maxBytes: 1 << 20))
        XCTAssertEqual(records.count, 3)
        XCTAssertEqual(records[0]["result"]?.objectValue?["follow"], true)
        XCTAssertEqual(records[0]["result"]?.objectValue?["backlog"], 1)
        XCTAssertEqual(records[0]["result"]?.objectValue?["next_seq"], 2)
        let first = try XCTUnwrap(records[1]["line"]?.objectValue)
        XCTAssertEqual(records[1]["id"], .string("t1"))
        XCTAssertEqual(records[1]["seq"], 1)
        XCTAssertEqual(first.keys.prefix(3), ["ts", "level", "event"])
        XCTAssertEqual(first["ts"], .string("2026-05-01T09:00:00.000+08:00"))
        XCTAssertEqual(first["reporter_phone"], .string("138****5678"))
        XCTAssertEqual(records[2]["seq"], 2)
        XCTAssertTrue(try Self.records(stream.next(maxBytes: 1 << 20)).isEmpty, "nothing new: nothing sent, stream open")
        broadcaster.publish(Self.line(3), timestamp: "t3")
        stream.end(reason: .clientClosed)
        records = try Self.records(stream.next(maxBytes: 1 << 20))
        XCTAssertEqual(records.map { $0["seq"] ?? $0["end"] ?? .null }, [3, .string("client_closed")])
        XCTAssertEqual(done.withLock { $0?.lines }, 3)
        XCTAssertEqual(broadcaster.snapshot().subscribers, 0)
    }

    // MARK: helpers

    static func line(_ id: Int, unit: String = "320506002001", category: String = "0102", phone: String? = nil) -> LogLine {
        var fields = [("id", String(id)), ("tier", "community"), ("unit", unit), ("category", category)]
        if let phone { fields.append(("reporter_phone", phone)) }
        return LogLine(.info, "dispatched", fields)
    }

    /// Items as "N" (the line's id field) or "missed N".
    static func describe(_ items: [LogBroadcaster.Item]) -> [String] {
        items.map { item in
            switch item {
            case .line(let entry): return entry.fields.first { $0.0 == "id" }?.1 ?? "?"
            case .missed(let count): return "missed \(count)"
            case .ended(let reason): return "ended \(reason.rawValue)"
            }
        }
    }

    static func records(_ next: (bytes: [UInt8], finished: Bool)) throws -> [JSONObject] {
        try next.bytes.split(separator: 0x0A).map { try XCTUnwrap(try JSONParser.parse(Array($0)).objectValue) }
    }
}
