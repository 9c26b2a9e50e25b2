/// A binary min-heap of pending deadlines, ordered by time then incident id: what the scheduler
/// arms its one timer from. Stale entries (an older version of an incident) are not removed
/// eagerly; the lifecycle ignores them when they fire, which keeps every operation O(log n).
public struct DeadlineHeap: Sendable {
    /// One pending deadline: which incident, at which version, what fires and when.
    public struct Entry: Sendable, Equatable {
        public var at: Timestamp
        public var incidentID: Int64
        public var version: Int64
        public var kind: PendingTimer.Kind

        public init(at: Timestamp, incidentID: Int64, version: Int64, kind: PendingTimer.Kind) {
            self.at = at
            self.incidentID = incidentID
            self.version = version
            self.kind = kind
        }

        public var timer: PendingTimer { PendingTimer(kind: kind, at: at) }

        /// The incident's pending timer as an entry (armed at its version), or nil when it has none.
        public init?(nextTimerOf incident: Incident) {
            guard let next = incident.timers.nextTimer else { return nil }
            self.init(at: next.at, incidentID: incident.id, version: incident.version, kind: next.kind)
        }

        @inline(__always)
        public static func precedes(_ lhs: Entry, _ rhs: Entry) -> Bool {
            lhs.at.milliseconds != rhs.at.milliseconds ? lhs.at.milliseconds < rhs.at.milliseconds : lhs.incidentID < rhs.incidentID
        }
    }

    private var entries: [Entry] = []

    public init() {}

    /// Builds a heap from entries already in any order, in O(n).
    public init(_ unordered: [Entry]) {
        entries = unordered
        if entries.count > 1 {
            for index in stride(from: entries.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
        }
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var first: Entry? { entries.first }

    public mutating func reserveCapacity(_ capacity: Int) { entries.reserveCapacity(capacity) }

    public mutating func insert(_ entry: Entry) {
        entries.append(entry)
        siftUp(entries.count - 1)
    }

    public mutating func popFirst() -> Entry? {
        guard !entries.isEmpty else { return nil }
        entries.swapAt(0, entries.count - 1)
        let first = entries.removeLast()
        if !entries.isEmpty { siftDown(0) }
        return first
    }

    /// Removes and returns every entry due at or before `time`, earliest first.
    public mutating func popDue(through time: Timestamp, limit: Int = .max) -> [Entry] {
        var due: [Entry] = []
        while due.count < limit, let first = entries.first, first.at <= time {
            due.append(popFirst()!)
        }
        return due
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        let entry = entries[child]
        while child > 0 {
            let parent = (child - 1) / 2
            guard Entry.precedes(entry, entries[parent]) else { break }
            entries[child] = entries[parent]
            child = parent
        }
        entries[child] = entry
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let entry = entries[parent]
        let count = entries.count
        while true {
            var child = 2 * parent + 1
            guard child < count else { break }
            if child + 1 < count, Entry.precedes(entries[child + 1], entries[child]) { child += 1 }
            guard Entry.precedes(entries[child], entry) else { break }
            entries[parent] = entries[child]
            parent = child
        }
        entries[parent] = entry
    }
}
