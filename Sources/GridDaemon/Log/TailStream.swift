import GridCore
import Synchronization

/// One `tail` request's reply, as the connection pulls it: the header response, the backlog,
/// then (following) lines from the subscriber queue as they are logged, `missed` records where
/// the queue overflowed, and an `end` record (why it ended: `StreamEndReason`). Every line echoes
/// the request id.
///
/// Pulled from the connection's queue, woken from the logging threads: its cursor sits behind a
/// mutex (taken once per chunk, never contended in practice), so it is plainly `Sendable`.
final class TailStream: ResponseStream, Sendable {
    /// Queue items taken per `take` (a bound on the work done per pull on the socket queue).
    static let itemsPerTake = 256

    private let cursor: Mutex<TailCursor>
    private let onDone: @Sendable (_ lines: Int, _ missed: Int) -> Void

    /// `onDone` runs once, when the stream finishes or is cancelled, with what it delivered and lost.
    init(
        requestID: JSONValue, broadcaster: LogBroadcaster, subscription: LogBroadcaster.Subscription,
        onDone: @escaping @Sendable (_ lines: Int, _ missed: Int) -> Void
    ) {
        cursor = Mutex(TailCursor(requestID: requestID, broadcaster: broadcaster, subscription: subscription))
        self.onDone = onDone
    }

    func attach(wake: @escaping @Sendable () -> Void) { cursor.withLock { $0.wake = wake } }

    func next(maxBytes: Int) -> (bytes: [UInt8], finished: Bool) {
        let (next, done) = cursor.withLock { cursor in (cursor.next(maxBytes: maxBytes), cursor.takeTotals()) }
        if let done { onDone(done.lines, done.missed) }
        return next
    }

    func end(reason: StreamEndReason) { cursor.withLock { $0.end(reason: reason) } }

    func cancel() {
        let done = cursor.withLock { cursor in
            cursor.cancel()
            return cursor.takeTotals()
        }
        if let done { onDone(done.lines, done.missed) }
    }
}

/// Where a `TailStream` is: what it still has to send and what it sent (under its mutex).
private struct TailCursor {
    private let requestID: JSONValue
    /// `{"id":…,"ok":true,` — how every record starts.
    private let recordPrefix: [UInt8]
    private let broadcaster: LogBroadcaster
    private var header: [UInt8]?
    private var backlog: [TailEntry]
    private var backlogIndex = 0
    /// The subscriber while following.
    private var subscriberID: Int?
    /// What was queued when following ended (`end`), still to send.
    private var leftover: [LogBroadcaster.Item] = []
    private var leftoverIndex = 0
    private var endReason = "backlog"
    var wake: (@Sendable () -> Void)?
    private var finished = false
    private var linesSent = 0
    private var missed = 0
    /// Set once when the stream finishes: what `onDone` is told (outside the mutex).
    private var totals: (lines: Int, missed: Int)?

    init(requestID: JSONValue, broadcaster: LogBroadcaster, subscription: LogBroadcaster.Subscription) {
        self.requestID = requestID
        recordPrefix = Array(#"{"id":"#.utf8) + requestID.serializedBytes() + Array(#","ok":true,"#.utf8)
        self.broadcaster = broadcaster
        backlog = subscription.backlog
        subscriberID = subscription.id
        header = Response.success(
            id: requestID,
            result: [
                "backlog": .int(Int64(subscription.backlog.count)), "follow": .bool(subscription.id != nil),
                "next_seq": .int(Int64(subscription.nextSeq)),
            ])
    }

    /// The totals once finished (handed out once).
    mutating func takeTotals() -> (lines: Int, missed: Int)? {
        defer { totals = nil }
        return totals
    }

    mutating func next(maxBytes: Int) -> (bytes: [UInt8], finished: Bool) {
        guard !finished else { return ([], true) }
        var bytes: [UInt8] = []
        if let header {
            bytes = header
            self.header = nil
        }
        while bytes.count < maxBytes, backlogIndex < backlog.count {
            append(.line(backlog[backlogIndex]), to: &bytes)
            backlogIndex += 1
        }
        if backlogIndex == backlog.count, !backlog.isEmpty { backlog = [] }
        while bytes.count < maxBytes, let subscriberID, let wake {
            let items = broadcaster.take(subscriberID, max: TailStream.itemsPerTake, wake: wake)
            if items.isEmpty { break }
            for item in items {
                if case .ended(let reason) = item {
                    end(reason: reason)  // ended from outside (access changed): the end record follows
                    break
                }
                append(item, to: &bytes)
            }
        }
        while bytes.count < maxBytes, leftoverIndex < leftover.count {
            append(leftover[leftoverIndex], to: &bytes)
            leftoverIndex += 1
        }
        if subscriberID == nil, backlog.isEmpty, leftoverIndex == leftover.count, bytes.count < maxBytes {
            var object = JSONObject()
            object.appendUnchecked("id", requestID)
            object.appendUnchecked("ok", .bool(true))
            object.appendUnchecked("end", .string(endReason))
            bytes += JSONValue.object(object).serializedBytes()
            bytes.append(0x0A)
            finish()
        }
        return (bytes, finished)
    }

    mutating func end(reason: StreamEndReason) {
        guard let subscriberID else { return }
        self.subscriberID = nil
        leftover = broadcaster.unsubscribe(subscriberID)
        endReason = reason.rawValue
    }

    mutating func cancel() {
        if let subscriberID {
            self.subscriberID = nil
            broadcaster.unsubscribe(subscriberID)
        }
        backlog = []
        leftover = []
        finish()
    }

    private mutating func finish() {
        guard !finished else { return }
        finished = true
        wake = nil
        totals = (linesSent, missed)
    }

    /// One record, `{"id":…,"ok":true,"seq":N,"line":{…}}` or `{…,"missed":N}`, spliced from
    /// bytes (the line's JSON is serialized once for every follower, see `TailLine`).
    private mutating func append(_ item: LogBroadcaster.Item, to bytes: inout [UInt8]) {
        switch item {
        case .line(let entry):
            bytes += recordPrefix
            bytes += #""seq":"#.utf8
            bytes += String(entry.seq).utf8
            bytes += #","line":"#.utf8
            bytes += entry.serializedJSON
            linesSent += 1
        case .missed(let count):
            bytes += recordPrefix
            bytes += #""missed":"#.utf8
            bytes += String(count).utf8
            missed += count
        case .ended:
            return  // the end record is written once the stream has nothing left
        }
        bytes += [0x7D, 0x0A]  // }\n
    }
}
