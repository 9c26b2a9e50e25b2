import Dispatch
import GridCore

/// Folds a report's incidents into its `ReportAggregator` on a queue of its own, a batch at a
/// time, while the store's reader goes on stepping SQLite: the read and the arithmetic overlap
/// instead of taking turns (for a million incidents the aggregation is about a quarter of the work).
///
/// `add` and `finish` are called from one thread (the reader's); `aggregator` is only touched on
/// `queue`; at most `maxBatchesInFlight` batches wait, so memory stays bounded when the
/// aggregation is the slower side.
final class ReportPipeline: @unchecked Sendable {
    // @unchecked: `aggregator` is confined to `queue`, `batch` to the one calling thread.
    private var aggregator: ReportAggregator
    private var batch: [IncidentFacts] = []
    private let queue = DispatchQueue(label: "gridd.report.aggregate")
    private let slots: DispatchSemaphore
    static let batchSize = 4096
    static let maxBatchesInFlight = 4

    init(_ aggregator: ReportAggregator) {
        self.aggregator = aggregator
        slots = DispatchSemaphore(value: Self.maxBatchesInFlight)
        batch.reserveCapacity(Self.batchSize)
    }

    func add(_ facts: IncidentFacts) {
        batch.append(facts)
        if batch.count == Self.batchSize { send() }
    }

    /// Waits for every batch to be folded in and returns the aggregator.
    func finish() -> ReportAggregator {
        send()
        return queue.sync { aggregator }
    }

    private func send() {
        guard !batch.isEmpty else { return }
        let full = batch
        batch = []
        batch.reserveCapacity(Self.batchSize)
        slots.wait()
        queue.async { [self] in
            for facts in full { aggregator.add(facts) }
            slots.signal()
        }
    }
}
