import GridCore
import GridStore

/// The `notify` object of `gridctl status` (docs/METRICS.md): the settings in force, what the
/// outbox holds (pending, failing, given up, the latest error of a pending notification) and
/// what this daemon has done since it started.
extension NotificationDispatcher {
    func statusJSON() -> JSONValue {
        let (settings, inFlight, counters) = queue.sync { (self.settings, running.count, self.counters) }
        var object = JSONObject()
        object.appendUnchecked("enabled", .bool(settings != nil))
        object.appendUnchecked("exec", .from(settings?.commandLine))
        object.appendUnchecked("events", .array((settings?.events ?? []).map { .string($0.rawValue) }))
        object.appendUnchecked("concurrency", .from(settings.map { Int64($0.concurrency) }))
        object.appendUnchecked("in_flight", .int(Int64(inFlight)))
        do throws(StoreError) {
            let outbox = try self.outbox.statistics()
            object.appendUnchecked("pending", .int(Int64(outbox.pending)))
            object.appendUnchecked("failing", .int(Int64(outbox.failing)))
            object.appendUnchecked("next_attempt_at", .from(outbox.nextAttemptAt?.description))
            object.appendUnchecked("gave_up", .int(Int64(outbox.gaveUp)))
            object.appendUnchecked("last_error", Self.errorJSON(outbox.lastError))
        } catch {
            object.appendUnchecked("error", .string(error.description))
        }
        object.appendUnchecked("since_start", [
            "delivered": .int(Int64(counters.delivered)), "failed_attempts": .int(Int64(counters.failedAttempts)),
            "gave_up": .int(Int64(counters.gaveUp)), "last_error": Self.errorJSON(counters.lastError),
        ])
        return .object(object)
    }

    private static func errorJSON(_ error: (seq: Int64, at: Timestamp, message: String)?) -> JSONValue {
        guard let error else { return .null }
        return ["notification": .int(error.seq), "at": .string(error.at.description), "error": .string(error.message)]
    }
}
