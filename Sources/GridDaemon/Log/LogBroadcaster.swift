import GridCore
import Synchronization

/// Fans the dispatch log out to `tail` subscribers without ever holding up whoever logs.
///
/// Every line gets the next sequence number and goes into a ring of the most recent lines (the
/// backlog new subscribers start from). A following subscriber has a bounded queue of its own:
/// publishing appends a shared reference to each matching subscriber's queue — constant work per
/// subscriber, under one lock, never a wait on a socket. A subscriber whose queue is full loses
/// the line; the loss is counted and reaches it as one `missed` item placed where the lines were
/// lost, so what it receives is still in log order and the count accounts for every gap.
///
/// A follower can be ended from outside (`endFollowers`: a reload changed its peer's access): its
/// queue is dropped and the next `take` hands it one `ended` item.
public final class LogBroadcaster: Sendable {
    /// `TailBacklog=` and `TailQueue=` of `[Limits]`.
    public struct Settings: Sendable, Equatable {
        /// Lines kept for new subscribers.
        public var backlog: Int
        /// Lines a following subscriber may have waiting before it misses some.
        public var queue: Int

        public init(backlog: Int = LimitSettings().tailBacklog, queue: Int = LimitSettings().tailQueue) {
            self.backlog = backlog
            self.queue = queue
        }
    }

    /// What a subscriber is handed: a line, how many matching lines it lost at this point, or
    /// that it was ended (the last item it gets).
    public enum Item: Sendable {
        case line(TailEntry)
        case missed(Int)
        case ended(StreamEndReason)
    }

    /// What `subscribe` hands back.
    public struct Subscription: Sendable {
        /// Set while following: pass it to `take` and `unsubscribe`.
        public var id: Int?
        /// The most recent matching lines, oldest first.
        public var backlog: [TailEntry]
        /// The sequence number the next line logged will get.
        public var nextSeq: UInt64
    }

    private struct Subscriber {
        let id: Int
        let filter: TailFilter
        /// Who follows (for `endFollowers`), when known.
        let peer: Actor?
        let limit: Int
        /// Lines and missed markers; at most `limit` lines (a marker precedes a line, so 2 × limit items).
        var items: RingBuffer<Item>
        var lines = 0
        /// Lines lost since the last marker was queued.
        var dropped = 0
        /// Set while the reader waits: called (once) when something arrives.
        var wake: (@Sendable () -> Void)?
        /// Set by `endFollowers`: nothing more is queued, and `take` hands over only this.
        var ended: StreamEndReason?

        init(id: Int, filter: TailFilter, peer: Actor?, limit: Int) {
            self.id = id
            self.filter = filter
            self.peer = peer
            self.limit = limit
            items = RingBuffer(capacity: 2 * limit)
        }

        /// Queues `entry` if it matches and there is room, else counts it lost. Returns whether
        /// it was lost, and the reader's wake-up if the reader waits.
        mutating func offer(_ entry: TailEntry) -> (lost: Bool, wake: (@Sendable () -> Void)?) {
            guard ended == nil, filter.matches(entry) else { return (false, nil) }
            guard lines < limit else {
                dropped += 1
                return (true, takeWake())
            }
            if dropped > 0 {
                items.append(.missed(dropped))
                dropped = 0
            }
            items.append(.line(entry))
            lines += 1
            return (false, takeWake())
        }

        /// Up to `max` items, oldest first, then the count of lines lost after them, if any.
        mutating func take(max: Int) -> [Item] {
            if let ended { return [.ended(ended)] }
            var taken: [Item] = []
            while taken.count < max, let item = items.removeFirst() {
                if case .line = item { lines -= 1 }
                taken.append(item)
            }
            if items.isEmpty, dropped > 0, taken.count < max {
                taken.append(.missed(dropped))
                dropped = 0
            }
            return taken
        }

        /// Drops what is queued and marks it ended; returns the reader's wake-up if it waits.
        mutating func end(_ reason: StreamEndReason) -> (@Sendable () -> Void)? {
            ended = reason
            items = RingBuffer(capacity: 0)
            lines = 0
            dropped = 0
            return takeWake()
        }

        private mutating func takeWake() -> (@Sendable () -> Void)? {
            defer { wake = nil }
            return wake
        }
    }

    private struct State {
        var ring: RingBuffer<TailEntry>
        var nextSeq: UInt64 = 1
        /// Few (one per following connection): an array, scanned, mutated in place.
        var subscribers: [Subscriber] = []
        var nextID = 1
        /// Lines lost by lagging subscribers since start (a line lost by two counts twice).
        var missed = 0
    }

    public let settings: Settings
    private let state: Mutex<State>
    /// How many follow, readable without the lock (a hint: whether to serialize lines up front).
    private let followerCount = Atomic<Int>(0)

    /// Whether anyone follows now (then `DispatchLog` serializes each line once, up front).
    public var hasFollowers: Bool { followerCount.load(ordering: .relaxed) > 0 }

    public init(settings: Settings = Settings()) {
        self.settings = settings
        state = Mutex(State(ring: RingBuffer(capacity: settings.backlog)))
    }

    /// Records a line (with the `ts=` it was written with) and hands it to every matching
    /// subscriber. Called by the dispatch log in log order.
    public func publish(_ line: LogLine, timestamp: String) {
        publish(TailLine(line, timestamp: timestamp))
    }

    /// `publish` for a line prepared beforehand (outside the caller's lock).
    public func publish(_ line: TailLine) { publish(CollectionOfOne(line)) }

    /// `publish` for lines logged together, in order, under one lock.
    public func publish<Lines: Collection<TailLine>>(_ lines: Lines) {
        let wakes = state.withLock { state -> [@Sendable () -> Void] in
            var wakes: [@Sendable () -> Void] = []
            for line in lines {
                let entry = TailEntry(seq: state.nextSeq, line: line)
                state.nextSeq += 1
                state.ring.appendOverwriting(entry)
                for index in state.subscribers.indices {
                    let offered = state.subscribers[index].offer(entry)
                    if offered.lost { state.missed += 1 }
                    if let wake = offered.wake { wakes.append(wake) }
                }
            }
            return wakes
        }
        for wake in wakes { wake() }
    }

    /// The last `backlog` lines matching `filter`; with `follow`, also a queue that gets every
    /// matching line logged from now on (nothing lost or repeated between the two). `peer` is
    /// who follows, for `endFollowers`.
    public func subscribe(_ filter: TailFilter, backlog: Int, follow: Bool, peer: Actor? = nil) -> Subscription {
        state.withLock { state in
            var matching: [TailEntry] = []
            var index = state.ring.count - 1
            while index >= 0, matching.count < backlog {
                let entry = state.ring[index]
                if filter.matches(entry) { matching.append(entry) }
                index -= 1
            }
            var id: Int?
            if follow {
                id = state.nextID
                state.nextID += 1
                state.subscribers.append(Subscriber(id: id!, filter: filter, peer: peer, limit: max(1, settings.queue)))
                followerCount.store(state.subscribers.count, ordering: .relaxed)
            }
            return Subscription(id: id, backlog: matching.reversed(), nextSeq: state.nextSeq)
        }
    }

    /// Up to `max` queued items of subscriber `id`; when there are none, `wake` is kept and
    /// called (once, from whichever thread logs) when there are.
    public func take(_ id: Int, max: Int, wake: @escaping @Sendable () -> Void) -> [Item] {
        state.withLock { state in
            guard let index = state.subscribers.firstIndex(where: { $0.id == id }) else { return [] }
            let items = state.subscribers[index].take(max: max)
            if items.isEmpty { state.subscribers[index].wake = wake }
            return items
        }
    }

    /// Ends subscriber `id` and returns what it had queued (and missed), for a clean end.
    @discardableResult
    public func unsubscribe(_ id: Int) -> [Item] {
        state.withLock { state in
            guard let index = state.subscribers.firstIndex(where: { $0.id == id }) else { return [] }
            var subscriber = state.subscribers.remove(at: index)
            followerCount.store(state.subscribers.count, ordering: .relaxed)
            return subscriber.take(max: Int.max)
        }
    }

    /// Ends every follower for which `shouldEnd` (called under the lock: keep it cheap, and log
    /// nothing in it) holds: what it had queued is dropped and its reader is woken to an `ended`
    /// item. Returns the peers of the followers ended.
    public func endFollowers(reason: StreamEndReason, where shouldEnd: (TailFilter, Actor?) -> Bool) -> [Actor?] {
        let (peers, wakes) = state.withLock { state -> ([Actor?], [@Sendable () -> Void]) in
            var peers: [Actor?] = []
            var wakes: [@Sendable () -> Void] = []
            for index in state.subscribers.indices where state.subscribers[index].ended == nil {
                guard shouldEnd(state.subscribers[index].filter, state.subscribers[index].peer) else { continue }
                peers.append(state.subscribers[index].peer)
                if let wake = state.subscribers[index].end(reason) { wakes.append(wake) }
            }
            return (peers, wakes)
        }
        for wake in wakes { wake() }
        return peers
    }

    /// What `status` shows of `tail` (its `tail` object).
    public struct Snapshot: Sendable, Equatable {
        /// Following subscribers.
        public var subscribers: Int
        /// Lines logged since the start.
        public var published: UInt64
        /// Lines in the backlog, and how many it keeps.
        public var backlog: Int
        public var backlogCapacity: Int
        /// Lines a follower may have waiting.
        public var queueCapacity: Int
        /// Lines lost by lagging subscribers (a line lost by two subscribers counts twice).
        public var missed: Int
    }

    public func snapshot() -> Snapshot {
        state.withLock {
            Snapshot(
                subscribers: $0.subscribers.count, published: $0.nextSeq - 1, backlog: $0.ring.count,
                backlogCapacity: settings.backlog, queueCapacity: settings.queue, missed: $0.missed)
        }
    }
}
