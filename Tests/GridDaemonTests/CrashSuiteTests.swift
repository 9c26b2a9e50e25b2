import Foundation
import GridFixtures
import XCTest

/// The crash suite: rounds of mixed socket and spool intake, worker actions and deadlines falling
/// due on a drill clock (600×: an ack window is a real second), each ended by SIGKILL at a seeded
/// random moment, on one state directory. After every kill the database is held to
/// `CrashChecks`; after each restart that is not itself killed during start-up, once the spool
/// has settled and nothing is due, nothing may have been missed either. At the end the daemon
/// runs until every deadline but the yearly reminders has passed, and every incident's timer
/// events must be exactly the policy's (`TimerChainCheck`).
///
/// Short form (part of `swift test`): 6 rounds. Full form (docs/CRASH-AND-FAULTS.md):
/// `GRIDD_CRASH_ROUNDS=50 swift test --filter CrashSuiteTests`; `GRIDD_CRASH_SEED=N` replays a
/// seed (the decisions replay exactly; the kill moments land on a different instruction each run).
final class CrashSuiteTests: XCTestCase {
    func testKillsAtRandomMomentsLoseDoubleAndMissNothing() throws {
        let environment = ProcessInfo.processInfo.environment
        let rounds = environment["GRIDD_CRASH_ROUNDS"].flatMap(Int.init) ?? 6
        let seed = environment["GRIDD_CRASH_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...999_999_999)
        print("crash suite: \(rounds) rounds, seed \(seed) — replay with GRIDD_CRASH_SEED=\(seed) GRIDD_CRASH_ROUNDS=\(rounds) swift test --filter CrashSuiteTests")
        let started = Date()
        let daemon = try DaemonHarness(extraConfig: SuitePolicy.config)
        let ledger = CrashLedger()
        let timeline = DrillTimeline()
        var random = SplitMix64(seed: seed)
        var killedAtStart = 0

        for round in 1...rounds {
            // Producers do not wait for the daemon: files land in new/ while it is down.
            for index in 0..<10 { CrashLoad.drop(into: daemon, ledger: ledger, name: "down\(round)-\(index)", index: index) }
            let description: String
            if random.nextUnit() < 0.3 {
                // Killed during start-up: opening, catching up on missed deadlines, taking the spool.
                let delay = Int(random.next() % 1000)
                try daemon.launch(extraArguments: timeline.arguments())
                usleep(UInt32(delay) * 1000)
                daemon.crash()
                killedAtStart += 1
                description = "killed \(delay) ms after launch"
            } else {
                try daemon.start(extraArguments: timeline.arguments())
                // What the last crash left due must be applied now: nothing missed.
                XCTAssertTrue(daemon.waitForSpoolToSettle(seconds: 60), "round \(round): the spool did not settle")
                let horizon = try XCTUnwrap(daemon.waitUntilNothingIsDue(seconds: 60), "round \(round): deadlines stay due")
                guard report(round, "after restart", try CrashChecks.problems(daemon: daemon, ledger: ledger, horizon: horizon.milliseconds, integrityCheck: false)) else {
                    daemon.crash()
                    return
                }

                let stop = StopFlag()
                let load = CrashLoad(daemon: daemon, ledger: ledger, round: round, seed: seed, stop: stop).start()
                let delay = 200 + Int(random.next() % 2300)
                usleep(UInt32(delay) * 1000)
                daemon.crash()
                stop.set()
                XCTAssertEqual(load.wait(timeout: .now() + 120), .success, "round \(round): the clients did not stop")
                description = "killed \(delay) ms into the load"
            }
            let (problems, summary) = try CrashChecks.problems(daemon: daemon, ledger: ledger, horizon: nil, integrityCheck: true)
            print("crash round \(round): \(description); \(summary.incidents) incidents, \(summary.timerEvents) timer events, \(summary.actionsApplied) actions, \(daemon.spoolNames("new").count) files waiting")
            guard report(round, "after the kill", (problems, summary)) else { return }
        }

        // The end: a client that got no answer submits again with the same key, and gets the one
        // incident stored under it, or a new one if none was. Then every deadline that exists (all
        // but the yearly reminders) passes and fires.
        try daemon.start(extraArguments: timeline.arguments())
        let connection = try daemon.connect()
        let unanswered = ledger.snapshot.unanswered.sorted()
        var storedBefore = 0
        for key in unanswered {
            let result = try connection.call("submit", ["report": .object(SuitePolicy.mixedReport(key: key))]).get().objectValue
            let created = try XCTUnwrap(result?["created"]?.boolValue)
            if !created { storedBefore += 1 }
            ledger.acknowledged(key, id: try XCTUnwrap(result?["id"]?.intValue), created: created)
        }
        XCTAssertEqual(ledger.snapshot.unanswered, [])
        XCTAssertTrue(daemon.waitForSpoolToSettle(seconds: 120), "the spool did not settle")
        let day: Int64 = 24 * 3600 * 1000
        let horizon = try XCTUnwrap(daemon.waitUntilNothingIsDue(seconds: 120, beyond: day), "deadlines stay due")
        XCTAssertEqual(try daemon.status()["deadlines"]?.objectValue?["failed"]?.intValue, 0)
        XCTAssertEqual(daemon.stop(), 0)
        let (problems, summary) = try CrashChecks.problems(daemon: daemon, ledger: ledger, horizon: horizon.milliseconds, integrityCheck: true)
        _ = report(rounds + 1, "at the end", (problems, summary))
        XCTAssertEqual(daemon.spoolNames("new"), [])
        XCTAssertEqual(daemon.spoolNames("tmp"), [])
        let record = ledger.snapshot
        print("crash suite: seed \(seed), \(rounds) rounds (\(killedAtStart) killed during start-up) in \(Int(Date().timeIntervalSince(started))) s: "
            + "\(summary.incidents) incidents, \(record.acknowledged.count) acknowledged submits "
            + "(\(unanswered.count) unanswered until the end, \(storedBefore) of them stored before), "
            + "\(record.spoolFiles.count) spool files, \(summary.actionsApplied) worker actions "
            + "(\(summary.actionsByKind.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))), "
            + "\(summary.timerEvents) timer events, "
            + "\(problems.count) problems")
    }

    /// Fails the test with the first problems found; whether there were none. The suite stops at
    /// the first round with problems: later rounds would repeat them.
    private func report(_ round: Int, _ moment: String, _ result: (problems: [String], summary: CrashChecks.Summary)) -> Bool {
        for problem in result.problems.prefix(20) { XCTFail("round \(round), \(moment): \(problem)") }
        if result.problems.count > 20 { XCTFail("round \(round), \(moment): \(result.problems.count - 20) more problems") }
        return result.problems.isEmpty
    }
}
