import Dispatch
import GridCore
import GridStore
import GridSystem
import Synchronization

/// Processing one spool file on the work queue: read and decode it, submit its reports through
/// intake, and decide from their outcomes whether it is taken, partly rejected, rejected or kept.
extension SpoolWatcher {

    func process(
        _ name: String, in new: DirectoryDescriptor, complete: Bool, knownIncomplete: FileStatus?,
        completion: @escaping @Sendable (Outcome) -> Void
    ) {
        dispatchPrecondition(condition: .notOnQueue(queue))
        let model = city.current
        let identity = self.identity
        let reader = SpoolFileReader(settings: settings, decoder: model.reportDecoder, admit: { identity.admit(uid: $0) })
        switch reader.read(in: new, name: name, complete: complete, knownIncomplete: knownIncomplete) {
        case .gone:
            completion(.gone)
        case .notSettled(let readyAt):
            completion(.notSettled(readyAt: readyAt))
        case .incomplete(let status, let readyAt):
            completion(.incomplete(status, readyAt: readyAt))
        case .retryLater(let error):
            completion(.retryLater(error.description))
        case .rejected(let rejection, let status):
            completion(outcome(of: disposal.rejectWhole(name, in: new, rejection, expected: status)))
        case .refusedInPlace(let rejection, let status):
            completion(outcome(of: disposal.refuseInPlace(name, in: new, rejection, expected: status)))
        case .reports(let owner, let items, let isLines, let status):
            submit(SpoolFile(name: name, directory: new, status: status, items: items, isLines: isLines), owner: owner, completion: completion)
        }
    }

    /// A file read whole, on its way through intake.
    struct SpoolFile: Sendable {
        var name: String
        var directory: DirectoryDescriptor
        /// As it was read: it is removed (or moved) only while it is still so.
        var status: FileStatus
        var items: [SpoolItem]
        var isLines: Bool
    }

    func submit(_ file: SpoolFile, owner: Actor, completion: @escaping @Sendable (Outcome) -> Void) {
        let items = file.items
        let good = items.indices.filter { if case .success = items[$0].report { return true } else { return false } }
        if good.isEmpty {
            // Nothing to take: the file is bad as a whole (its first problem is the reason).
            guard case .failure(let first) = items[0].report else { return }
            completion(outcome(of: disposal.rejectWhole(file.name, in: file.directory, first, expected: file.status)))
            return
        }
        let tracker = SpoolFileTracker(count: good.count)
        let budget = good.count
        reportsInFlight.add(budget, ordering: .relaxed)
        let completion: @Sendable (Outcome) -> Void = { [self] outcome in
            reportsInFlight.subtract(budget, ordering: .relaxed)
            completion(outcome)
        }
        for index in good {
            guard case .success(let report) = items[index].report else { continue }
            intake.submit(report, from: owner, source: .spool, keyPinsContent: items[index].keyPinsContent) { [self] result in
                guard let results = tracker.record(index, result) else { return }
                completion(conclude(file, results: results))
            }
        }
    }

    /// After every report of the file has an answer: keep the file (store failure), or write the
    /// refused lines and remove it, or reject it whole. A file that is not what was read any more
    /// (written to, or another file renamed over it) is read again instead: its reports that are
    /// committed are found by their keys, new ones are taken.
    func conclude(_ file: SpoolFile, results: [Int: Result<IntakeOutcome, GridError>]) -> Outcome {
        var committed = 0
        var storeFailure: GridError?
        var refused: [(SpoolRejection, ArraySlice<UInt8>)] = []
        for (index, item) in file.items.enumerated() {
            switch item.report {
            case .failure(let rejection):
                refused.append((rejection, item.bytes))
            case .success:
                switch results[index] {
                case .success?:
                    committed += 1
                case .failure(let error)?:
                    if error.code == .unavailable || error.code == .shuttingDown {
                        storeFailure = storeFailure ?? error
                    } else {
                        refused.append((SpoolRejection(error, line: item.line), item.bytes))
                    }
                case nil:
                    storeFailure = storeFailure ?? GridError(.internalError, "no answer for line \(item.line)")
                }
            }
        }
        // Nothing goes to rejected/ because the store failed: the whole file is taken again later
        // (its committed reports are then found by their keys).
        if let storeFailure { return .storeUnavailable(storeFailure, committed: committed) }
        if committed == 0, let first = refused.first {
            return outcome(of: disposal.rejectWhole(file.name, in: file.directory, first.0, expected: file.status))
        }
        if !refused.isEmpty {
            guard file.isLines, disposal.rejectLines(file.name, refused) else {
                return .retryLater("could not write the refused lines of \(file.name) to rejected/")
            }
        }
        switch disposal.remove(file.name, in: file.directory, ifUnchanged: file.status) {
        case .done:
            return .taken(reports: committed, rejectedLines: refused.count)
        case .gone:
            // Removed by someone else after it was read: what was read is stored.
            return .taken(reports: committed, rejectedLines: refused.count)
        case .changed:
            log.log(.warning, "spool_changed", [("file", file.name), ("detail", "changed after it was read; reading it again")])
            return .notSettled(readyAt: SystemClocks.realtimeMilliseconds() + Self.settleMilliseconds)
        case .failed(let error):
            log.log(.error, "spool_unlink_failed", [("file", file.name), ("error", error.description)])
            return .retryLater(error.description)
        }
    }

    /// The watcher's outcome of a rejection or refusal.
    func outcome(of fate: SpoolDisposal.Fate) -> Outcome {
        switch fate {
        case .done: return .rejected
        case .gone: return .gone
        case .changed: return .notSettled(readyAt: SystemClocks.realtimeMilliseconds() + Self.settleMilliseconds)
        case .failed(let error): return .retryLater(error.description)
        }
    }
}
