import XCTest

@testable import GridCore

/// Channels on the wire and in the config: `channel` of a report (absent → other at intake;
/// unknown → a clear error), its place in the idempotency digest, `[Intake] Wait=` and
/// `Register=` in `[Policy]`.
final class IntakeChannelTests: XCTestCase, ConfigSnippetTesting {
    static let base = ConfigSnippetBase.gridCategoryAndPolicy

    func testAReportCarriesItsChannel() throws {
        let report = try ReportDecoder().decode(["category": "0102", "cell": "320506002001006", "channel": "hotline"] as JSONObject)
        XCTAssertEqual(report.channel, .hotline)
        XCTAssertNil(try ReportDecoder().decode(["category": "0102", "cell": "320506002001006"] as JSONObject).channel)
        XCTAssertThrowsError(try ReportDecoder().decode(["category": "0102", "cell": "320506002001006", "channel": "fax"] as JSONObject)) {
            let error = $0 as? GridError
            XCTAssertEqual(error?.code, .invalidField)
            XCTAssertEqual(error?.message, #"channel "fax" is not one of patrol, resident, hotline, department, other"#)
        }
        let (incident, event) = IncidentIntake.open(
            report: Report(category: "0102", place: .cell("320506002001006")), placement: .inCell(CellCode("320506002001006")!, method: .cell),
            category: Category(code: "0102", name: "暴露垃圾", majorName: "市容环境"), now: Timestamp(milliseconds: 0),
            actor: .system, source: .socket)
        XCTAssertEqual(incident.channel, .other, "no channel: other")
        XCTAssertEqual(event.detail["channel"], "other")
    }

    /// A channel given is part of the content; none keeps the digest reports had before channels.
    func testTheDigestCountsAChannelOnlyWhenGiven() {
        let report = ReportDigestTests.base
        var withChannel = report
        withChannel.channel = .resident
        XCTAssertNotEqual(ReportDigest.digest(report), ReportDigest.digest(withChannel))
        XCTAssertEqual(
            ReportDigest.digest(report).map { String(format: "%02x", $0) }.joined(),
            "9f6266a8c6a90c9ed81d4901401e29e135ba7064ad071748b27b79d8a090b08d")
    }

    func testIntakeWaitsForResidentsAndTheHotlineByDefault() throws {
        XCTAssertEqual(try XCTUnwrap(config("")).intake.waitingChannels, [.resident, .hotline])
        XCTAssertEqual(try XCTUnwrap(config("[Intake]\nWait=hotline, department")).intake.waitingChannels, [.hotline, .department])
        XCTAssertEqual(try XCTUnwrap(config("[Intake]\nWait=none")).intake.waitingChannels, [])
        XCTAssertEqual(try XCTUnwrap(config("[Intake]\nWait=patrol\nWait=")).intake.waitingChannels, [.resident, .hotline])
        XCTAssertEqual(problems("[Intake]\nWait=resident hotlien"), [
            #"c.conf:12: Wait=resident hotlien: unknown channel "hotlien"; did you mean hotline? (channels: patrol, resident, hotline, department, other; Wait=none: every channel is registered at once)"#
        ])
        XCTAssertEqual(problems("[Intake]\nWiat=patrol"), ["c.conf:12: unknown key Wiat= in [Intake]; did you mean Wait=?"])
    }

    func testRegisterIsAPolicyKeyByPriority() throws {
        let loaded = try XCTUnwrap(config("[Policy]\nRegister=2wh\nRegister.urgent=30min"))
        let category = try XCTUnwrap(loaded.categories["0102"])
        XCTAssertEqual(loaded.policy.snapshot(category: category, priority: .normal).registerWindow, .working(2 * 3_600_000))
        XCTAssertEqual(loaded.policy.snapshot(category: category, priority: .urgent).registerWindow, .calendar(30 * 60_000))
        XCTAssertNil(try XCTUnwrap(config("")).policy.snapshot(category: category, priority: .normal).registerWindow, "none by default")
        XCTAssertEqual(problems("[Policy]\nRegister.street=2h"), [
            "c.conf:12: Register.street= in [Policy]: the register window (立案时限) runs from receipt to 立案, before any tier holds the case, so it takes no tier (street); write Register="
        ])
        // The snapshot keeps it, and old snapshots read without it.
        let snapshot = loaded.policy.snapshot(category: category, priority: .urgent)
        XCTAssertEqual(snapshot.json.objectValue?["register"], "30min")
        XCTAssertEqual(IncidentPolicy(json: snapshot.json), snapshot)
        var old = snapshot.json.objectValue!
        old["register"] = nil
        XCTAssertNil(IncidentPolicy(json: .object(old))?.registerWindow)
    }
}
