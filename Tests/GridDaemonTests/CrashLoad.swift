import Foundation
import GridClient
import GridCore
import GridFixtures
import Synchronization

/// The crash suite's clients for one round, each on its own thread, recording in a `CrashLedger`
/// what they were told, until the daemon is killed under them:
/// - socket submits with idempotency keys (one in eight resubmits an earlier key, acknowledged
///   or not: the answer must name the same incident), one request in four a batch of 5 reports;
/// - spool drops (tmp/ then rename into new/), single reports and JSON Lines files;
/// - worker actions through the real gridctl as root (an admin): register (立案) or reject the
///   reports that wait for it (one socket report in four comes from a resident), ack, resolve and
///   close, and on one acknowledged case in five a 挂账 request, approved (then suspended) or
///   denied, on one in ten a 督办, on one dispatched case in six a 主动上报 (escalate), and a
///   回访 (visit) of each closed resident case — each with a unique `--note` so that its event
///   can be found.
struct CrashLoad: Sendable {
    let daemon: DaemonHarness
    let ledger: CrashLedger
    let round: Int
    let seed: UInt64
    let stop: StopFlag

    /// Bounds on one round's load, so that a long run keeps a database the checks read quickly.
    static let submitsPerRound = 400
    static let filesPerRound = 60

    /// Starts the three clients; the group is done when each has stopped (the daemon went away
    /// and `stop` is set, or its quota is used up).
    func start() -> DispatchGroup {
        // A request written to a daemon that was just killed must fail with EPIPE, not kill the tests.
        signal(SIGPIPE, SIG_IGN)
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { submitLoop() }
        DispatchQueue.global().async(group: group) { dropLoop() }
        DispatchQueue.global().async(group: group) { actionLoop() }
        return group
    }

    private func random(_ stream: UInt64) -> SplitMix64 {
        SplitMix64(seed: seed ^ (UInt64(round) &* 0x9E37_79B9) ^ (stream << 56))
    }

    private func submitLoop() {
        var random = random(1)
        var connection: GridConnection?
        var index = 0
        while !stop.isSet, index < Self.submitsPerRound {
            // One request in four is a gateway's batch of 5 (`reports`), answered once for all.
            var keys: [String] = []
            for _ in 0..<(random.next() % 4 == 0 ? 5 : 1) {
                if random.next() % 8 == 0, let earlier = ledger.earlierKey(using: &random) {
                    keys.append(earlier)
                } else {
                    keys.append("sock-r\(round)-\(index)")
                    index += 1
                }
            }
            do {
                if connection == nil { connection = try GridConnection(path: daemon.socketPath, timeoutMilliseconds: 30_000) }
                for key in keys { ledger.sending(key) }
                let answers: [JSONObject?]
                if keys.count == 1 {
                    answers = [try connection?.call("submit", ["report": .object(SuitePolicy.mixedReport(key: keys[0]))]).get().objectValue]
                } else {
                    let reports = JSONValue.array(keys.map { .object(SuitePolicy.mixedReport(key: $0)) })
                    let results = try connection?.call("submit", ["reports": reports]).get()["results"]?.arrayValue ?? []
                    answers = results.count == keys.count ? results.map(\.objectValue) : Array(repeating: nil, count: keys.count)
                }
                for (key, result) in zip(keys, answers) {
                    guard let id = result?["id"]?.intValue, let created = result?["created"]?.boolValue else {
                        ledger.problem("submit \(key): answer without id or created: \(String(describing: result))")
                        continue
                    }
                    ledger.acknowledged(key, id: id, created: created, waits: SuitePolicy.waits(key: key))
                }
            } catch {
                if case .refused(let refusal) = error { ledger.problem("submit \(keys) refused: \(refusal)") }
                return  // the daemon is gone
            }
            usleep(2_000)
        }
    }

    private func dropLoop() {
        var index = 0
        while !stop.isSet, index < Self.filesPerRound {
            Self.drop(into: daemon, ledger: ledger, name: "r\(round)-\(index)", index: index)
            index += 1
            usleep(10_000)
        }
    }

    /// Drops one spool file named `name` plus a suffix: every fourth is JSON Lines with five
    /// reports (the third with its own key), the others a single report.
    static func drop(into daemon: DaemonHarness, ledger: CrashLedger, name: String, index: Int) {
        func line(_ key: String?) -> String {
            var report: JSONObject = ["category": .string(SuitePolicy.category), "cell": .string(SuitePolicy.cell)]
            if let key { report["key"] = .string(key) }
            return JSONValue.object(report).serialized()
        }
        let file: String
        var keys: [String] = []
        var text = ""
        if index % 4 == 3 {
            file = name + ".jsonl"
            for number in 1...5 {
                let own = number == 3 ? "own-\(name)" : nil
                keys.append(own ?? DaemonHarness.spoolKey(file: file, line: number, line(own)))
                text += line(own) + "\n"
            }
        } else {
            file = name + ".json"
            text = line(nil)
            keys = [DaemonHarness.spoolKey(file: file, line: 1, text)]
        }
        do {
            try daemon.spool(file, text)
            ledger.dropped(file, keys: keys)
        } catch {
            ledger.problem("cannot drop \(file): \(error)")
        }
    }

    private func actionLoop() {
        var random = random(3)
        var count = 0
        while !stop.isSet {
            guard let (id, believed) = ledger.openIncident(using: &random) else {
                usleep(20_000)  // nothing acknowledged yet this run: pace, then look again
                continue
            }
            let (command, kind) = switch believed {
            case "reported": random.next() % 4 == 0 ? ("reject", "rejected") : ("register", "registered")
            case "dispatched": random.next() % 6 == 0 ? ("escalate", "escalated_by_hand") : ("ack", "acknowledged")
            case "acknowledged":
                switch random.next() % 10 {
                case 0, 1: ("suspend", "requested")
                case 2: ("supervise", "supervised")
                default: ("resolve", "resolved")
                }
            case "requested": random.next() % 4 == 0 ? ("deny", "denied") : ("approve", "approved")
            case "closed": ("visit", "visited")
            default: ("close", "closed")
            }
            let token = "crash-r\(round)-a\(count)"
            count += 1
            let extra = command == "visit" ? ["--result", "satisfied"] : []
            guard let result = try? daemon.gridctl([command, String(id), "--note", token] + extra) else { return }
            switch result.status {
            case 0:
                // An approved 挂账 leaves the case suspended (not acted on again); a denial leaves it as it was.
                let now = ["approved": "suspended", "denied": "acknowledged", "escalated_by_hand": "dispatched", "supervised": "acknowledged"][kind] ?? kind
                ledger.recorded(.init(token: token, incidentID: id, kind: kind, outcome: .applied), believed: now)
            case 1:
                // "cannot resolve incident 7: it is dispatched; …": an escalation moved it on.
                let state = result.stderr.components(separatedBy: "it is ").dropFirst().first?
                    .prefix { $0.isLetter }.description
                let known = state.flatMap { IncidentState(rawValue: $0) }?.rawValue
                ledger.recorded(.init(token: token, incidentID: id, kind: kind, outcome: .refused), believed: known)
            default:
                ledger.recorded(.init(token: token, incidentID: id, kind: kind, outcome: .unknown), believed: nil)
                return  // the daemon is gone
            }
        }
    }
}

/// A flag the test thread sets to stop the clients.
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var isSet: Bool { flag.load(ordering: .relaxed) }
    func set() { flag.store(true, ordering: .relaxed) }
}
