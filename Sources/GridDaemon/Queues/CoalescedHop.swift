import Dispatch
import Synchronization

/// Hands items from any thread to a serial queue with at most one hop on its way: items that
/// arrive while a hop is pending join it, and the hop delivers everything that arrived before it
/// ran, in order.
///
/// It exists because intake hands one item per committed report to the scheduler (its next
/// deadline) and to the report's connection (its answer), from completions that run a chunk at a
/// time: a `queue.async` per item was a thread wake-up per report, costing more than the work it
/// carried. Each item is delivered once, each sender's in the order sent, by a hop queued before
/// the last `send` it joined returned: once every sender has returned, a block queued on `queue`
/// runs after all their items were delivered. Not before: an item that joins a hop another thread
/// has marked but not yet queued may be delivered after a block its own sender queues next (the
/// hop is queued outside the lock, so that senders never wait on a thread wake-up).
final class CoalescedHop<Item: Sendable>: Sendable {
    private let queue: DispatchQueue
    private let arriving = Mutex<(items: [Item], hopQueued: Bool)>(([], false))

    init(to queue: DispatchQueue) {
        self.queue = queue
    }

    /// Queues `items`; `deliver` gets them, with all others that arrived before the hop ran, on
    /// the queue (it is called once per hop, so it should not differ from call to call).
    func send(_ items: some Sequence<Item>, deliver: @escaping @Sendable ([Item]) -> Void) {
        let hop = arriving.withLock { arriving -> Bool in
            arriving.items.append(contentsOf: items)
            if arriving.hopQueued { return false }
            arriving.hopQueued = true
            return true
        }
        guard hop else { return }
        queue.async { [self] in
            let items = arriving.withLock { arriving -> [Item] in
                arriving.hopQueued = false
                let taken = arriving.items
                arriving.items = []
                return taken
            }
            deliver(items)
        }
    }
}
