import Dispatch
import GridCore
import GridStore
import GridSystem

/// One delivery: run the program, judge its outcome, log it and record it in the outbox.
/// Everything here runs on the dispatcher's `queue` except the run itself.
extension NotificationDispatcher {
    /// Runs the notifier for `entry` on a run thread; its outcome comes back to `queue`.
    func start(_ entry: OutboxEntry, settings: NotifySettings) {
        dispatchPrecondition(condition: .onQueue(queue))
        let attempt = entry.attempts + 1
        let subject: OutboxSubject
        switch entry.subject {
        case .failure(let error):
            failed(entry, attempt: attempt, settings: settings, message: "cannot read the notification: \(error)")
            return
        case .success(let read):
            subject = read
        }
        let run: ProgramRun
        do throws(Errno) {
            run = try ProgramRun(.init(
                arguments: settings.command, environment: environment + variables(entry, attempt: attempt),
                input: NotificationPayload.line(seq: entry.seq, attempt: attempt, subject: subject, city: city.current),
                timeoutMilliseconds: settings.timeoutMilliseconds, killGraceMilliseconds: Self.killGraceMilliseconds))
        } catch {
            failed(entry, attempt: attempt, settings: settings, message: "cannot start \(settings.command.first ?? "-"): \(error)")
            return
        }
        running[entry.seq] = run
        busy.enter()
        runQueue.async { [self] in
            let result = Result { () throws(Errno) in try run.run() }
            queue.async { [self] in
                dispatchPrecondition(condition: .onQueue(queue))
                running[entry.seq] = nil
                finished(entry, attempt: attempt, settings: settings, result: result)
                busy.leave()
                pump()
            }
        }
    }

    /// What the program gets besides the JSON, for scripts that need only these.
    private func variables(_ entry: OutboxEntry, attempt: Int) -> [String] {
        [
            "GRIDD_NOTIFICATION=\(entry.seq)", "GRIDD_EVENT=\(entry.kind)", "GRIDD_INCIDENT=\(entry.incidentID)",
            "GRIDD_ATTEMPT=\(attempt)",
        ]
    }

    private func finished(_ entry: OutboxEntry, attempt: Int, settings: NotifySettings, result: Result<ProgramRun.Outcome, Errno>) {
        switch result {
        case .failure(let error):
            failed(entry, attempt: attempt, settings: settings, message: "cannot start \(settings.command.first ?? "-"): \(error.message)")
        case .success(let outcome) where outcome.succeeded:
            delivered(entry, attempt: attempt, outcome: outcome)
        case .success(let outcome) where outcome.ending == .cancelled:
            // Stopped by a shutdown: not an attempt. The row stays pending and runs again at the next start.
            log.log(.notice, "notify_interrupted", fields(entry, attempt: attempt) + [("note", "delivered again at the next start")])
        case .success(let outcome):
            var message = outcome.ending == .timedOut
                ? "timed out after \(DurationSyntax.format(milliseconds: settings.timeoutMilliseconds))"
                : outcome.ending.description
            let output = ProgramRun.outputText(outcome.outputTail)
            if !output.isEmpty { message += ": " + output }
            failed(entry, attempt: attempt, settings: settings, message: message)
        }
    }

    private func delivered(_ entry: OutboxEntry, attempt: Int, outcome: ProgramRun.Outcome) {
        counters.delivered += 1
        log.log(.info, "notify_delivered", fields(entry, attempt: attempt) + [("ms", String(outcome.elapsedMilliseconds))])
        let now = clock.now()
        record(entry.seq) { [outbox] completion in outbox.recordDelivered(seq: entry.seq, at: now, completion: completion) }
    }

    /// A failed attempt: logged, counted, and written with the time of the next one — or given
    /// up. The backoff follows the settings in force now (a reload applies to retries).
    private func failed(_ entry: OutboxEntry, attempt: Int, settings started: NotifySettings, message: String) {
        let settings = self.settings ?? started
        let now = clock.now()
        let gaveUp = settings.givesUp(afterAttempts: attempt)
        let delay = settings.retryDelay(afterAttempts: attempt)
        counters.failedAttempts += 1
        counters.lastError = (entry.seq, now, message)
        log.log(.warning, "notify_failed", fields(entry, attempt: attempt) + [
            ("error", message), ("retry_in", gaveUp ? "-" : DurationSyntax.format(milliseconds: delay)),
        ])
        if gaveUp {
            counters.gaveUp += 1
            log.log(.error, "notify_gave_up", fields(entry, attempt: attempt) + [("last_error", message)])
        }
        let next = now.adding(milliseconds: delay)
        record(entry.seq) { [outbox] completion in
            outbox.recordFailed(seq: entry.seq, at: now, error: message, nextAttemptAt: next, gaveUp: gaveUp, completion: completion)
        }
    }

    private func fields(_ entry: OutboxEntry, attempt: Int) -> [(String, String)] {
        [("notification", String(entry.seq)), ("id", String(entry.incidentID)), ("kind", entry.kind), ("attempt", String(attempt))]
    }

    /// Writes an outcome (group commit). Until the write is done the notification is not taken
    /// again; if it fails, the notification is left alone for a poll interval (the store is in
    /// trouble: no point running the program again and again) and then run again.
    private func record(_ seq: Int64, _ write: (@escaping @Sendable (Result<Void, StoreError>) -> Void) -> Void) {
        recording.insert(seq)
        busy.enter()
        write { [self] result in
            queue.async { [self] in
                dispatchPrecondition(condition: .onQueue(queue))
                recording.remove(seq)
                if case .failure(let error) = result {
                    heldUntil[seq] = clock.now().milliseconds + Self.pollMilliseconds
                    log.log(.error, "notify_record_failed", [("notification", String(seq)), ("error", error.description)])
                }
                busy.leave()
                pump()
            }
        }
    }
}
