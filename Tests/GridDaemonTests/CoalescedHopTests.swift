import Dispatch
import Synchronization
import XCTest

@testable import GridDaemon

/// `CoalescedHop`: what the scheduler and the connections take committed reports' items with.
final class CoalescedHopTests: XCTestCase {
    /// Every item arrives once, each sender's in its order, all of them before a block queued
    /// once every sender has returned.
    func testItemsFromManyThreadsArriveOnceAndInOrder() {
        let queue = DispatchQueue(label: "test.coalesced")
        let hop = CoalescedHop<(sender: Int, index: Int)>(to: queue)
        let delivered = Mutex<[(sender: Int, index: Int)]>([])
        let hops = Atomic<Int>(0)
        let senders = 8, perSender = 2000
        DispatchQueue.concurrentPerform(iterations: senders) { sender in
            for index in 0..<perSender {
                hop.send(CollectionOfOne((sender, index))) { items in
                    hops.add(1, ordering: .relaxed)
                    delivered.withLock { $0.append(contentsOf: items) }
                }
            }
        }
        queue.sync {}  // every send has returned: every hop is queued before this
        let items = delivered.withLock { $0 }
        XCTAssertEqual(items.count, senders * perSender)
        for sender in 0..<senders {
            XCTAssertEqual(items.filter { $0.sender == sender }.map(\.index), Array(0..<perSender), "sender \(sender)")
        }
        XCTAssertLessThanOrEqual(hops.load(ordering: .relaxed), senders * perSender)
        XCTAssertGreaterThanOrEqual(hops.load(ordering: .relaxed), 1)
    }

    /// Items sent while a hop is pending ride on it: one hop for a burst sent before the queue runs.
    func testABurstWhileTheQueueIsBusyIsOneHop() {
        let queue = DispatchQueue(label: "test.coalesced.busy")
        let hop = CoalescedHop<Int>(to: queue)
        let hops = Mutex<[[Int]]>([])
        let release = DispatchSemaphore(value: 0)
        queue.async { release.wait() }  // the queue is busy until the burst has been sent
        for item in 0..<100 { hop.send([item]) { items in hops.withLock { $0.append(items) } } }
        release.signal()
        queue.sync {}
        XCTAssertEqual(hops.withLock { $0 }, [Array(0..<100)])
    }
}
