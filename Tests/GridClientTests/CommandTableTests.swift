import GridCore
import XCTest
@testable import GridClient

/// The command table is the only source of gridctl's commands and options: the parser takes its
/// flags from it and the help is rendered from it, so they cannot disagree.
final class CommandTableTests: XCTestCase {
    /// Every command's `--help` and `help COMMAND`, in both languages: exit 0, the same text,
    /// every option spelling, every example, every exit status.
    func testEveryCommandsHelpExitsZeroAndListsItsOptions() {
        for language in Language.allCases {
            for spec in CommandTable.all {
                let viaFlag = CapturedOutput.run(["--lang", language.rawValue, spec.name, "--help"])
                XCTAssertEqual(viaFlag.status, 0, "\(spec.name) --help: \(viaFlag.stderr)")
                XCTAssertEqual(viaFlag.stderr, "")
                let viaHelp = CapturedOutput.run(["--lang", language.rawValue, "help", spec.name])
                XCTAssertEqual(viaHelp.status, 0)
                XCTAssertEqual(viaHelp.stdout, viaFlag.stdout, "help \(spec.name) and \(spec.name) --help differ")
                XCTAssertTrue(viaFlag.stdout.contains(HelpText.usageLine(spec)), viaFlag.stdout)
                for option in spec.options {
                    XCTAssertTrue(viaFlag.stdout.contains(option.display), "\(spec.name) --help lacks \(option.display)")
                }
                XCTAssertGreaterThanOrEqual(spec.examples.count, 1, spec.name)
                for example in spec.examples { XCTAssertTrue(viaFlag.stdout.contains("gridctl " + example)) }
                for code in spec.exitCodes {
                    XCTAssertTrue(viaFlag.stdout.contains("\n  \(code) "), "\(spec.name) --help lacks exit \(code)")
                }
                XCTAssertFalse(viaFlag.stdout.contains("opt."), "a catalogue key shown as itself: \(viaFlag.stdout)")
            }
        }
    }

    /// `gridctl help` lists every command with its summary; `-h`/`--help` before the command too.
    func testOverviewListsEveryCommand() {
        let help = CapturedOutput.run(["--lang", "en", "help"])
        XCTAssertEqual(help.status, 0)
        for spec in CommandTable.all {
            XCTAssertTrue(help.stdout.contains("  \(spec.name) "), "help lacks \(spec.name)")
            XCTAssertTrue(help.stdout.contains(Messages.text(spec.summaryKey, .en)))
        }
        XCTAssertEqual(CapturedOutput.run(["--lang", "en", "--help"]).stdout, help.stdout)
        XCTAssertEqual(CapturedOutput.run(["--lang", "en", "-h"]).status, 0)
    }

    /// Every action the protocol has is a command, and nothing is declared twice.
    func testEveryActionAndCommandIsDeclaredOnce() {
        let names = CommandTable.names
        XCTAssertEqual(Set(names).count, names.count, "a command declared twice")
        for kind in Request.Action.Kind.allCases { XCTAssertNotNil(CommandTable.command(kind.rawValue), kind.rawValue) }
        let others: Set = ["submit", "drop", "backup", "show", "list", "status", "tail", "report", "help", "categories", "units", "mine", "completion"]
        XCTAssertEqual(Set(names), others.union(ActionCommands.names), "a command declared but not dispatched, or dispatched but not declared")
    }

    /// The parser takes every declared option (with a value where it names one) and refuses the
    /// same option on a command that does not declare it.
    func testParserAcceptsExactlyTheDeclaredOptions() throws {
        let everyFlag = Set(CommandTable.all.flatMap { $0.options.flatMap(\.spellings) })
        for spec in CommandTable.all {
            for option in spec.options {
                for spelling in option.spellings {
                    let parsed = try ParsedArguments(option.valueName == nil ? [spelling] : [spelling, "v"], command: spec)
                    XCTAssertTrue(parsed.has(spelling) || parsed[spelling] == "v", "\(spec.name) \(spelling)")
                }
            }
            for flag in everyFlag where spec.option(flag) == nil {
                XCTAssertThrowsError(try ParsedArguments([flag, "v"], command: spec), "\(spec.name) took \(flag)")
            }
        }
    }

    /// Exit statuses are documented where they happen, 66 and 73 included.
    func testExitStatusesIncluding66And73() {
        XCTAssertTrue(CommandTable.spec("drop").exitCodes.contains(66))
        XCTAssertTrue(CommandTable.spec("drop").exitCodes.contains(73))
        XCTAssertTrue(CommandTable.spec("submit").exitCodes.contains(66))
        XCTAssertTrue(CommandTable.spec("report").exitCodes.contains(73))
        let overview = CapturedOutput.run(["--lang", "en", "help"]).stdout
        XCTAssertTrue(overview.contains("  66  the input file cannot be read"), overview)
        XCTAssertTrue(overview.contains("  73  the output"), overview)
    }

    /// A mistyped command: one line, the closest command, where the help is; exit 2.
    func testUnknownCommandSuggestsTheClosest() {
        let result = CapturedOutput.run(["--lang", "en", "sumbit"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr, "gridctl: unknown command \"sumbit\"; did you mean submit? (see gridctl help)\n")
        let chinese = CapturedOutput.run(["--lang", "zh", "sumbit"])
        XCTAssertEqual(chinese.stderr, "gridctl: 没有命令 \"sumbit\"；您是不是要用 submit？（参见 gridctl help）\n")
        let far = CapturedOutput.run(["--lang", "en", "frobnicate"])
        XCTAssertEqual(far.stderr, "gridctl: unknown command \"frobnicate\" (see gridctl help)\n")
    }

    /// A mistyped option: one line naming the command's closest option and its `--help`; exit 2.
    func testUnknownOptionSuggestsTheClosest() {
        let result = CapturedOutput.run(["--lang", "en", "submit", "--categroy", "0101"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(
            result.stderr, "gridctl: unknown option --categroy for submit; did you mean --category? (see gridctl submit --help)\n")
        let global = CapturedOutput.run(["--lang", "en", "--jsno", "status"])
        XCTAssertEqual(global.stderr, "gridctl: unknown option --jsno; did you mean --json? (see gridctl help)\n")
        // Declared on another command only: refused here, still one line.
        let elsewhere = CapturedOutput.run(["--lang", "en", "ack", "5", "--result", "satisfied"])
        XCTAssertEqual(elsewhere.status, 2)
        XCTAssertEqual(elsewhere.stderr.split(separator: "\n").count, 1, elsewhere.stderr)
    }

    /// A bad command line is reported before any daemon is asked (exit 2, not 69).
    func testUsageErrorsComeBeforeConnecting() {
        let missing = "/nonexistent/gridd.sock"
        XCTAssertEqual(CapturedOutput.run(["--socket", missing, "ack"]).status, 2)
        XCTAssertEqual(CapturedOutput.run(["--socket", missing, "show", "x"]).status, 2)
        XCTAssertEqual(CapturedOutput.run(["--socket", missing, "extend", "3", "--note", "n"]).status, 2)
        XCTAssertEqual(CapturedOutput.run(["--socket", missing, "ack", "3"]).status, 69)
    }

    func testClosestName() {
        XCTAssertEqual(HelpText.closest(to: "sumbit", among: CommandTable.names), "submit")
        XCTAssertEqual(HelpText.closest(to: "lsit", among: CommandTable.names), "list")
        XCTAssertEqual(HelpText.closest(to: "escal", among: CommandTable.names), "escalate")
        XCTAssertEqual(HelpText.closest(to: "--near", among: ["--near-deadline", "--note"]), "--near-deadline")
        XCTAssertNil(HelpText.closest(to: "frobnicate", among: CommandTable.names))
        XCTAssertEqual(HelpText.distance("sumbit", "submit"), 1)
    }
}
