import Dispatch
import GridCore
import GridStore
import GridSystem
import Synchronization

/// Collects the intake results of one file's reports; the last one to arrive gets them all.
final class SpoolFileTracker: Sendable {
    private let state: Mutex<(remaining: Int, results: [Int: Result<IntakeOutcome, GridError>])>

    init(count: Int) { state = Mutex((count, [:])) }

    func record(_ index: Int, _ result: Result<IntakeOutcome, GridError>) -> [Int: Result<IntakeOutcome, GridError>]? {
        state.withLock { state in
            state.results[index] = result
            state.remaining -= 1
            return state.remaining == 0 ? state.results : nil
        }
    }
}
