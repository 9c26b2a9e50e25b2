import GridCore
import XCTest

/// `[Evaluation] Target=`: the on-time target the HTML report draws; a percentage above 0 and at
/// most 100, with or without `%`; none by default or when empty; a clear error otherwise.
final class ConfigEvaluationTargetTests: XCTestCase, ConfigSnippetTesting {
    static let base = ConfigSnippetBase.gridCategoryAndPolicy

    func testValues() throws {
        XCTAssertNil(config("")?.evaluation.target, "no target without Target=")
        XCTAssertEqual(config("[Evaluation]\nTarget=90%")?.evaluation.target, 0.9)
        XCTAssertEqual(config("[Evaluation]\nTarget=92.5%")?.evaluation.target, 0.925)
        XCTAssertEqual(config("[Evaluation]\nTarget=100")?.evaluation.target, 1)
        XCTAssertEqual(config("[Evaluation]\nTarget=85")?.evaluation.target, 0.85, "the % may be left out")
        XCTAssertNil(config("[Evaluation]\nTarget=90%\nTarget=")?.evaluation.target, "empty: no target")
        XCTAssertEqual(config("[Evaluation]\nWeights=close=1\nTarget=80%")?.evaluation.weights, EvaluationWeights(onTime: 0, close: 1, rework: 0),
            "Target= leaves Weights= alone")
    }

    func testErrorsSayWhatIsWrong() {
        XCTAssertEqual(problems("""
            [Evaluation]
            Target=0%
            Target=101%
            Target=ninety
            Target=-5%
            Target=0.9.1
            Targte=90%
            """), [
            "c.conf:12: Target=0%: expected a percentage above 0 and at most 100, e.g. 90%",
            "c.conf:13: Target=101%: expected a percentage above 0 and at most 100, e.g. 90%",
            "c.conf:14: Target=ninety: expected a percentage above 0 and at most 100, e.g. 90%",
            "c.conf:15: Target=-5%: expected a percentage above 0 and at most 100, e.g. 90%",
            "c.conf:16: Target=0.9.1: expected a percentage above 0 and at most 100, e.g. 90%",
            "c.conf:17: unknown key Targte= in [Evaluation]; did you mean Target=?",
        ])
    }

    /// The report's JSON carries the target (`on_time_target`, a fraction or null), and reads back.
    func testTheReportCarriesIt() throws {
        var report = ReportFixtures.report()
        XCTAssertEqual(report.json.objectValue?["on_time_target"], .null)
        report.target = 0.9
        XCTAssertEqual(report.json.objectValue?["on_time_target"]?.doubleValue, 0.9)
        XCTAssertEqual(try EvaluationReport(json: try JSONParser.parse(report.json.serialized())).target, 0.9)
    }
}
