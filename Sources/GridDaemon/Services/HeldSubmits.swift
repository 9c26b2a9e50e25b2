import GridCore
import Synchronization

/// The single `submit` requests of a burst (the lines a connection read together), held back
/// until the burst ends and then stored as one group-commit operation, each report standing
/// alone and answered as a single submit is.
///
/// It exists because a pipelining client's submits, each its own store operation, cost every
/// report a queued operation, a completion and a log call of its own: held together they cost
/// those once per burst (all threads' CPU per submit 58.5 → 47.3 µs in `grid-bench intake`,
/// docs/BENCHMARKS.md). `DaemonRequestHandler` releases them at the end of the burst, before
/// any request of another kind (so the writer still sees requests in the order they came), and
/// when `[Limits] MaxBatch` of them are held.
final class HeldSubmits: Sendable {
    /// One held request: what a single submit's answer needs.
    struct Entry: Sendable {
        var id: JSONValue
        var report: Report
        var peer: Actor
        var view: IncidentView
        var reply: @Sendable ([UInt8]) -> Void
    }

    /// Held requests, in the order they came. The server hands bursts over from its one queue,
    /// so the mutex is not contended; it keeps the handler `Sendable` without a promise.
    private let held = Mutex<[Entry]>([])

    /// Holds `entry`; returns how many are held now.
    func hold(_ entry: Entry) -> Int {
        held.withLock { held in
            held.append(entry)
            return held.count
        }
    }

    /// Takes everything held, as runs of consecutive requests from one peer (one burst is one
    /// connection's, so normally a single run).
    func take() -> [[Entry]] {
        let taken = held.withLock { held -> [Entry] in
            let taken = held
            held.removeAll(keepingCapacity: true)
            return taken
        }
        var runs: [[Entry]] = []
        for entry in taken {
            if let last = runs.last?.last, last.peer == entry.peer {
                runs[runs.count - 1].append(entry)
            } else {
                runs.append([entry])
            }
        }
        return runs
    }
}
