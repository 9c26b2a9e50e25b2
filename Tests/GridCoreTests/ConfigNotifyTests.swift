import XCTest

@testable import GridCore

/// `[Notify]`: the keys, their defaults and bounds, `Exec=` splitting, `Events=` checked against
/// the event kinds, and the backoff arithmetic.
final class ConfigNotifyTests: XCTestCase, ConfigSnippetTesting {
    /// Lines 1–10; the snippet starts at line 11.
    static let base = ConfigSnippetBase.gridCategoryAndPolicy

    func testAbsentSectionMeansNoNotifications() throws {
        XCTAssertNil(try XCTUnwrap(config("")).notify)
    }

    func testDefaults() throws {
        let notify = try XCTUnwrap(config("[Notify]\nExec=/usr/local/bin/gridd-notify")?.notify)
        XCTAssertEqual(notify, NotifySettings(command: ["/usr/local/bin/gridd-notify"]))
        XCTAssertEqual(notify.events, [.dispatched, .warning, .escalated, .overdue])
        XCTAssertEqual(notify.concurrency, 4)
        XCTAssertEqual(notify.timeoutMilliseconds, 10_000)
        XCTAssertEqual(notify.retryDelayMilliseconds, 5_000)
        XCTAssertEqual(notify.retryMaxDelayMilliseconds, 600_000)
        XCTAssertNil(notify.maxAttempts, "retries forever by default")
    }

    func testEveryKey() throws {
        let notify = try XCTUnwrap(config("""
            [Notify]
            Exec=/opt/gw/send "--subject=事件 派遣" 'it''s' --to=\"ops\" plain\\ word
            Events=overdue, dispatched escalated  reminded
            Concurrency=16
            Timeout=30s
            [Notify]
            RetryDelay=100ms
            RetryMaxDelay=1h
            MaxAttempts=12
            """)?.notify)
        XCTAssertEqual(notify.command, ["/opt/gw/send", "--subject=事件 派遣", "its", "--to=ops", "plain\\", "word"])
        XCTAssertEqual(notify.events, [.dispatched, .escalated, .overdue, .reminded], "in the model's order, once each")
        XCTAssertEqual(notify.concurrency, 16)
        XCTAssertEqual(notify.timeoutMilliseconds, 30_000)
        XCTAssertEqual(notify.retryDelayMilliseconds, 100)
        XCTAssertEqual(notify.retryMaxDelayMilliseconds, 3_600_000)
        XCTAssertEqual(notify.maxAttempts, 12)
        XCTAssertEqual(notify.commandLine, #"/opt/gw/send "--subject=事件 派遣" its --to=ops "plain\\" word"#)
        XCTAssertEqual(try ExecSyntax.split(notify.commandLine).get(), notify.command, "the command line splits back")
    }

    func testEmptyValuesResetToDefaults() throws {
        let notify = try XCTUnwrap(config("""
            [Notify]
            Exec=/bin/true
            Events=warning
            Events=
            Concurrency=
            Timeout=
            MaxAttempts=3
            MaxAttempts=infinity
            """)?.notify)
        XCTAssertEqual(notify, NotifySettings(command: ["/bin/true"]))
    }

    func testProblemsAreReportedWithTheirLines() {
        let kinds = IncidentEvent.Kind.allCases.map(\.rawValue).joined(separator: ", ")
        XCTAssertEqual(problems("[Notify]\nEvents=warning"), [
            "c.conf:11: [Notify] is missing Exec= (required: the program that delivers notifications, e.g. Exec=/usr/local/bin/gridd-notify)"
        ])
        XCTAssertEqual(problems("""
            [Notify]
            Exec=gridd-notify --sms
            Events=dispatched escalate overdew 
            Concurrency=0
            Timeout=10ms
            RetryDelay=soon
            MaxAttempts=never
            Exex=/bin/true
            """), [
            "c.conf:12: Exec=gridd-notify --sms: the program must be an absolute path (found \"gridd-notify\")",
            "c.conf:13: Events=dispatched escalate overdew: unknown event kind \"escalate\"; did you mean escalated? (kinds: \(kinds))",
            "c.conf:13: Events=dispatched escalate overdew: unknown event kind \"overdew\"; did you mean overdue? (kinds: \(kinds))",
            "c.conf:14: Concurrency=0: expected a whole number from 1 to 64",
            "c.conf:15: Timeout=10ms: expected a duration from 100ms to 1h",
            "c.conf:16: RetryDelay=soon: invalid duration \"soon\"; expected a duration such as 30s, 500ms, 5min, 2h, 1d or 1h30min",
            "c.conf:17: MaxAttempts=never: expected a whole number from 1 to 1000000",
            "c.conf:18: unknown key Exex= in [Notify]; did you mean Exec=?",
        ])
        XCTAssertEqual(problems("[Notify]\nExec=\"/bin/true times"), [
            "c.conf:12: Exec=\"/bin/true times: unterminated \" quote; expected a closing \""
        ])
        XCTAssertEqual(problems("[Notify]\nExec=\nRetryDelay=1min\nRetryMaxDelay=30s"), [
            "c.conf:12: Exec= is empty: expected the program to run and its arguments, e.g. Exec=/usr/local/bin/gridd-notify --sms",
            "c.conf:14: RetryMaxDelay=30s is shorter than RetryDelay=1min; the delay grows from RetryDelay= up to RetryMaxDelay=",
        ])
        XCTAssertEqual(problems("[Notify extra]\nExec=/bin/true"), [
            "c.conf:11: [Notify] takes no argument (found \"extra\"); write [Notify]"
        ])
        XCTAssertEqual(problems("[Spool]\nConcurrency=2"), [
            "c.conf:12: unknown key Concurrency= in [Spool]; it belongs in [Notify]"
        ])
    }

    func testBackoffDoublesUpToTheCapAndMaxAttemptsGivesUp() {
        var settings = NotifySettings(command: ["/bin/true"], retryDelayMilliseconds: 5_000, retryMaxDelayMilliseconds: 600_000)
        XCTAssertEqual((1...10).map { settings.retryDelay(afterAttempts: $0) },
                       [5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000, 600_000])
        XCTAssertEqual(settings.retryDelay(afterAttempts: 1_000_000), 600_000, "no overflow after many attempts")
        XCTAssertFalse(settings.givesUp(afterAttempts: 1_000_000))
        settings.maxAttempts = 3
        XCTAssertEqual((1...4).map(settings.givesUp(afterAttempts:)), [false, false, true, true])
    }
}
