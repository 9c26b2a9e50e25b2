import Dispatch
import GridCore
import GridStore
import GridSystem

/// Gives the cases from before case deadlines (schema version 4) theirs, once, at start-up:
/// after the store opens and before the scheduler loads, in batches, each committed with the
/// removal of its cases from the store's work list (`case_deadline_backfill`), so an interrupted
/// run goes on at the next start and a finished one costs one empty read.
///
/// The rule (docs/ARCHITECTURE.md, "Migrations"): registration is the creation (`created_at`: there
/// was no 立案 before), the start tier is the tier of the case's `dispatched` event, and the case
/// window is its policy snapshot's — by default that tier's ack window followed by its resolve
/// window — computed with the working calendar in force now (`Lifecycle.caseDeadline`, as a
/// new case gets it). Escalations are not counted: they never move a case deadline.
struct CaseDeadlineBackfill {
    let store: IncidentStore
    let lifecycle: Lifecycle
    let log: DispatchLog
    var batchSize = 10_000

    /// Runs to the end of the list (or the first failure, logged: the rest waits for the next start).
    func run() {
        let started = SystemClocks.monotonicMilliseconds()
        var count = 0
        do throws(StoreError) {
            while true {
                let cases = try store.casesAwaitingCaseDeadline(limit: batchSize)
                if cases.isEmpty { break }
                let deadlines = cases.map { awaiting -> CaseDeadline in
                    let deadline = lifecycle.caseDeadline(
                        policy: awaiting.policy, startTier: awaiting.startTier, registeredAt: awaiting.registeredAt)
                    return CaseDeadline(incidentID: awaiting.incidentID, due: deadline?.due, warn: deadline?.warn)
                }
                try write(deadlines)
                count += cases.count
            }
        } catch {
            log.log(.error, "case_deadlines_backfill_failed", [
                ("done", String(count)), ("error", error.description), ("action", "the rest is done at the next start"),
            ])
            return
        }
        guard count > 0 else { return }
        log.log(.notice, "case_deadlines_backfilled", [
            ("count", String(count)), ("ms", String(SystemClocks.monotonicMilliseconds() - started)),
        ])
    }

    /// One batch through the writer, waited for (start-up runs on one thread, before anything else writes).
    private func write(_ deadlines: [CaseDeadline]) throws(StoreError) {
        let done = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        store.setCaseDeadlines(deadlines) { result in
            outcome.result = result
            done.signal()
        }
        done.wait()
        try outcome.result?.get()
    }

    /// The writer's answer, handed from its completion queue to the waiting thread (the semaphore
    /// orders the write before the read).
    private final class Outcome: @unchecked Sendable {
        var result: Result<Void, StoreError>?
    }
}
