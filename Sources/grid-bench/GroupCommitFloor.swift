import Dispatch
import Foundation
import Glibc
import Synchronization

/// What one-at-a-time clients could get from SQLite at best: `clients` threads, each handing one
/// row at a time to a single writing thread and waiting for its COMMIT, the writer taking every
/// row waiting into one fsync'd transaction (group commit) — the same rows and database as the raw
/// baseline (`RawRowWriter`), and nothing else: no socket, no JSON, no daemon, one thread handoff
/// each way. gridd's one-at-a-time latency is measured against it as well as against the bare
/// commit, because SQLite commits one transaction at a time: a row that arrives while a commit is
/// on disk waits for it, and then for its own.
enum GroupCommitFloor {
    /// Each client's latency (ms) from handing its row over to its COMMIT returning, and the rows
    /// each transaction took on average.
    static func measure(clients: Int, perClient: Int) -> (latencies: LoadBench.Latencies, rowsPerCommit: Double) {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let writer: RawRowWriter
        do {
            writer = try RawRowWriter(path: directory + "/floor.sqlite", checkpointing: true)
        } catch {
            fatalError("group-commit floor: \(error)")
        }
        let rows = writer.rows(count: clients * perClient)
        let queue = FloorQueue()
        let finished = DispatchGroup()
        let samples = Mutex<[Double]>([])
        for client in 0..<clients {
            finished.enter()
            Thread {
                defer { finished.leave() }
                let done = DispatchSemaphore(value: 0)
                var mine: [Double] = []
                mine.reserveCapacity(perClient)
                for index in 0..<perClient {
                    let start = monotonicSeconds()
                    queue.hand(row: client * perClient + index, done: done)
                    done.wait()
                    mine.append((monotonicSeconds() - start) * 1000)
                }
                samples.withLock { $0 += mine }
            }.start()
        }
        var committed = 0
        var commits = 0
        while committed < clients * perClient {
            let waiting = queue.takeAll()
            do {
                try writer.commit(ArraySlice(waiting.map { rows[$0.row] }), numberedFrom: committed + 1)
            } catch {
                fatalError("group-commit floor: \(error)")
            }
            for entry in waiting { entry.done.signal() }
            committed += waiting.count
            commits += 1
        }
        finished.wait()
        writer.close()
        return (LoadBench.Latencies(of: samples.withLock { $0 }), Double(committed) / Double(max(1, commits)))
    }
}

/// The rows handed to the floor's writer, and the writer's wait for the first of them.
private final class FloorQueue: Sendable {
    struct Entry: Sendable {
        var row: Int
        var done: DispatchSemaphore
    }

    private let entries = Mutex<[Entry]>([])
    private let arrived = DispatchSemaphore(value: 0)

    func hand(row: Int, done: DispatchSemaphore) {
        let first = entries.withLock { entries -> Bool in
            entries.append(Entry(row: row, done: done))
            return entries.count == 1
        }
        if first { arrived.signal() }
    }

    /// Waits until a row is waiting, then takes every waiting row.
    func takeAll() -> [Entry] {
        while true {
            let taken = entries.withLock { entries -> [Entry] in
                let taken = entries
                entries.removeAll(keepingCapacity: true)
                return taken
            }
            if !taken.isEmpty { return taken }
            arrived.wait()
        }
    }
}
