import XCTest

/// The crash suite's escalation oracle must catch what it claims to: a doubled, missed, early,
/// out-of-order or invented timer event, an escalation without its 超期 or a 超期 charged to the
/// wrong tier, and events after a close; and accept the real chains.
final class TimerChainCheckTests: XCTestCase {
    private let created: Int64 = 1_800_000_000_000
    private let minute = SuitePolicy.minute

    private func event(_ seq: Int64, _ kind: String, at: Int64, tier: Int, due: Int64? = nil) -> DatabaseSnapshot.EventRow {
        DatabaseSnapshot.EventRow(seq: seq, incidentID: 1, kind: kind, at: at, tier: tier, due: due, note: nil)
    }

    /// The untouched chain from the community: warning, overdue, escalated, … overdue at the city.
    private func untouched() -> [DatabaseSnapshot.EventRow] {
        var rows = [event(1, "dispatched", at: created, tier: 1)]
        for (index, key) in TimerChain.events(after: .ack, tier: 1, start: created).prefix(11).enumerated() {
            rows.append(event(Int64(index + 2), key.kind, at: key.due + 7, tier: key.tier, due: key.due))
        }
        return rows
    }

    func testTheModelsChainIsTheOneThePolicyDescribes() {
        let chain = TimerChain.events(after: .ack, tier: 1, start: 0, through: 40 * minute)
        XCTAssertEqual(chain.map(\.kind), [
            "warning", "overdue", "escalated", "warning", "overdue", "escalated", "warning", "overdue", "escalated", "warning", "overdue",
        ])
        XCTAssertEqual(chain.map(\.tier), [1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4], "each 超期 at the tier that missed it")
        XCTAssertEqual(chain.map(\.due), [5, 10, 10, 15, 20, 20, 25, 30, 30, 35, 40].map { $0 * minute })
        XCTAssertEqual(TimerChain.events(after: .verify, tier: 2, start: 0).prefix(3).map(\.kind), ["warning", "overdue", "reminded"])
        XCTAssertEqual(TimerChain.events(after: .verify, tier: 2, start: 0).prefix(3).map(\.tier), [2, 4, 2], "a missed 核查 is the verifier's (the centre's)")
    }

    func testACompleteChainPasses() {
        XCTAssertEqual(TimerChainCheck.problems(untouched(), completeThrough: created + 41 * minute), [])
    }

    func testADoubledEscalationIsCaught() {
        var rows = untouched()
        rows.insert(rows[3], at: 4)  // escalated to the street twice
        XCTAssertFalse(TimerChainCheck.problems(rows, completeThrough: nil).isEmpty)
    }

    func testAMissedDeadlineIsCaughtWithAHorizonOnly() {
        let rows = Array(untouched().prefix(5))  // stops after the warning at the street
        XCTAssertEqual(TimerChainCheck.problems(rows, completeThrough: nil), [], "a prefix is fine after a kill")
        XCTAssertEqual(TimerChainCheck.problems(rows, completeThrough: created + 15 * minute), [])
        XCTAssertFalse(TimerChainCheck.problems(rows, completeThrough: created + 20 * minute).isEmpty, "the escalation due at +20 min is missing")
    }

    func testAnEarlyOrSkippedOrWrongTierEventIsCaught() {
        var early = untouched()
        early[3].at = early[3].due! - 1
        XCTAssertFalse(TimerChainCheck.problems(early, completeThrough: nil).isEmpty)
        var skipped = untouched()
        skipped.remove(at: 3)  // the escalation to the street never happened, the rest did
        XCTAssertFalse(TimerChainCheck.problems(skipped, completeThrough: nil).isEmpty)
        var wrongTier = untouched()
        wrongTier[4].tier = 4
        XCTAssertFalse(TimerChainCheck.problems(wrongTier, completeThrough: nil).isEmpty)
    }

    func testAnEscalationWithoutItsMissOrAMissChargedElsewhereIsCaught() {
        var unannounced = untouched()
        unannounced.remove(at: 2)  // escalated to the street with no 超期 of the community first
        XCTAssertFalse(TimerChainCheck.problems(unannounced, completeThrough: nil).isEmpty)
        var chargedUp = untouched()
        chargedUp[2].tier = 2  // the community's miss recorded at the street
        XCTAssertFalse(TimerChainCheck.problems(chargedUp, completeThrough: nil).isEmpty)
        var swapped = untouched()
        swapped.swapAt(2, 3)  // escalated before its 超期
        XCTAssertFalse(TimerChainCheck.problems(swapped, completeThrough: nil).isEmpty)
        var twice = untouched()
        twice.insert(twice[2], at: 3)  // the same miss charged twice
        XCTAssertFalse(TimerChainCheck.problems(twice, completeThrough: nil).isEmpty)
    }

    func testWorkerActionsStartNewWindowsAndACloseEndsThem() {
        let ackAt = created + 7 * minute
        var rows = Array(untouched().prefix(2))  // the warning at +5 min
        rows.append(event(3, "acknowledged", at: ackAt, tier: 1))
        for (index, key) in TimerChain.events(after: .resolve, tier: 1, start: ackAt).prefix(3).enumerated() {
            rows.append(event(Int64(4 + index), key.kind, at: key.due, tier: key.tier, due: key.due))
        }
        XCTAssertEqual(TimerChainCheck.problems(rows, completeThrough: ackAt + 20 * minute), [])
        XCTAssertFalse(
            TimerChainCheck.problems(Array(rows.dropLast()), completeThrough: ackAt + 20 * minute).isEmpty,
            "the escalation after the resolve window's 超期 is due too")
        XCTAssertFalse(TimerChainCheck.problems(rows, completeThrough: ackAt + 25 * minute).isEmpty, "the street's warning is due")
        var closed = rows
        closed.append(event(7, "closed", at: ackAt + 21 * minute, tier: 2))
        closed.append(event(8, "warning", at: ackAt + 26 * minute, tier: 2, due: ackAt + 25 * minute))
        XCTAssertFalse(TimerChainCheck.problems(closed, completeThrough: nil).isEmpty, "nothing fires after a close")
    }

    /// A report waiting for 立案: its register window warns, then 超期 at the centre (tier 4) and no
    /// escalation; 立案 starts the ack chain from the registration.
    func testTheRegisterWindowAndRegistration() {
        let register = TimerChain.events(after: .register, tier: 1, start: 0, through: 10 * minute)
        XCTAssertEqual(register.map(\.kind), ["warning", "overdue"])
        XCTAssertEqual(register.map(\.tier), [1, 4], "charged to the centre")
        var rows = [event(1, "reported", at: created, tier: 1)]
        rows.append(event(2, "warning", at: created + 5 * minute, tier: 1, due: created + 5 * minute))
        rows.append(event(3, "overdue", at: created + 10 * minute, tier: 4, due: created + 10 * minute))
        rows.append(event(4, "registered", at: created + 12 * minute, tier: 1))
        rows.append(event(5, "warning", at: created + 17 * minute, tier: 1, due: created + 17 * minute))
        XCTAssertEqual(TimerChainCheck.problems(rows, completeThrough: created + 20 * minute), [])
        var escalated = rows
        escalated.insert(event(4, "escalated", at: created + 10 * minute, tier: 2, due: created + 10 * minute), at: 3)
        XCTAssertFalse(TimerChainCheck.problems(escalated, completeThrough: nil).isEmpty, "a register window never escalates")
        var wrongTier = rows
        wrongTier[2] = event(3, "overdue", at: created + 10 * minute, tier: 1, due: created + 10 * minute)
        XCTAssertFalse(TimerChainCheck.problems(wrongTier, completeThrough: nil).isEmpty, "charged to the centre, not the community")
        let rejected = [event(1, "reported", at: created, tier: 1), event(2, "rejected", at: created + minute, tier: 1),
                        event(3, "warning", at: created + 5 * minute, tier: 1, due: created + 5 * minute)]
        XCTAssertFalse(TimerChainCheck.problems(rejected, completeThrough: nil).isEmpty, "nothing fires after 不予立案")
    }
}
