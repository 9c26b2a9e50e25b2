import Dispatch
import GridCore
import GridStore
import GridSystem
import Glibc
import Synchronization

/// Processing one spool file on the work queue: read and decode it, submit its reports through
/// intake, and decide from their outcomes whether it is taken, partly rejected, rejected or kept.
extension SpoolWatcher {

    func process(_ name: String, settledBefore: Int64?, completion: @escaping @Sendable (Outcome) -> Void) {
        let model = city.current
        let identity = self.identity
        let reader = SpoolFileReader(settings: settings, decoder: model.reportDecoder, admit: { identity.admit(uid: $0) })
        switch reader.read(directory: layout.new, name: name, settledBefore: settledBefore) {
        case .gone:
            completion(.gone)
        case .notSettled(let modified):
            completion(.notSettled(readyAt: modified + Self.settleMilliseconds))
        case .retryLater(let error):
            completion(.retryLater(error.description))
        case .rejected(let rejection):
            completion(disposal.rejectWhole(name, rejection) == nil ? .gone : .rejected)
        case .reports(let owner, let items, let isLines):
            submit(name, owner: owner, items: items, isLines: isLines, completion: completion)
        }
    }

    func submit(
        _ name: String, owner: Actor, items: [SpoolItem], isLines: Bool, completion: @escaping @Sendable (Outcome) -> Void
    ) {
        let good = items.indices.filter { if case .success = items[$0].report { return true } else { return false } }
        if good.isEmpty {
            // Nothing to take: the file is bad as a whole (its first problem is the reason).
            guard case .failure(let first) = items[0].report else { return }
            completion(disposal.rejectWhole(name, first) == nil ? .gone : .rejected)
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
            intake.submit(report, from: owner, source: .spool) { [self] result in
                guard let results = tracker.record(index, result) else { return }
                completion(conclude(name, items: items, isLines: isLines, results: results))
            }
        }
    }

    /// After every report of the file has an answer: keep the file (store failure), or write the
    /// refused lines and remove it, or reject it whole.
    func conclude(_ name: String, items: [SpoolItem], isLines: Bool, results: [Int: Result<IntakeOutcome, GridError>]) -> Outcome {
        var committed = 0
        var storeFailure: GridError?
        var refused: [(SpoolRejection, ArraySlice<UInt8>)] = []
        for (index, item) in items.enumerated() {
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
            return disposal.rejectWhole(name, first.0) == nil ? .gone : .rejected
        }
        if !refused.isEmpty {
            guard isLines, disposal.rejectLines(name, refused) else {
                return .retryLater("could not write the refused lines of \(name) to rejected/")
            }
        }
        if let error = disposal.remove(name) {
            log.log(.error, "spool_unlink_failed", [("file", name), ("error", error.description)])
            return .retryLater(error.description)
        }
        return .taken(reports: committed, rejectedLines: refused.count)
    }
}
