import Foundation
import GridCore
import XCTest

@testable import GridClient
@testable import GridDaemon

/// The man pages gridctl(1), gridd(8) and gridd.conf(5): generated from the command table, gridd's
/// option table and `ConfigSchema`; the committed files under man/ are exactly what the programs
/// print; they render with `man -l` without a warning; and they list every command, option, exit
/// status, section and key their declarations hold.
final class ManPageTests: XCTestCase {
    static let root = DaemonHarness.repositoryRoot

    static func committed(_ path: String) throws -> String {
        try String(contentsOfFile: root + "/" + path, encoding: .utf8)
    }

    /// Runs `path` with `arguments` and `environment` added to the test's.
    static func run(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        return try DaemonHarness.runToEnd(process)
    }

    static func binary(_ name: String) -> String { DaemonHarness.productsDirectory.appendingPathComponent(name).path }

    /// Drift fails the build: the committed pages are the generators' output, through the real
    /// binaries (`gridctl help --man`, `gridd --man PAGE`).
    func testCommittedPagesAreWhatTheProgramsPrint() throws {
        let gridctl = try Self.run(Self.binary("gridctl"), ["help", "--man"])
        XCTAssertEqual(gridctl.status, 0, gridctl.stderr)
        XCTAssertEqual(gridctl.stdout, ManPage.gridctl())
        XCTAssertEqual(try Self.committed("man/gridctl.1"), gridctl.stdout, "man/gridctl.1 is stale: run scripts/generate-docs.sh")
        for page in DaemonManPage.Page.allCases {
            let printed = try Self.run(Self.binary("gridd"), ["--man", page.rawValue])
            XCTAssertEqual(printed.status, 0, printed.stderr)
            XCTAssertEqual(printed.stdout, DaemonManPage.text(page))
            XCTAssertEqual(
                try Self.committed("man/" + page.rawValue), printed.stdout, "man/\(page.rawValue) is stale: run scripts/generate-docs.sh")
        }
        let wrong = try Self.run(Self.binary("gridd"), ["--man", "gridd.1"])
        XCTAssertEqual(wrong.status, 2)
        XCTAssertEqual(wrong.stderr, "gridd: --man takes gridd.8 or gridd.conf.5, not gridd.1 (see gridd --help)\n")
    }

    /// `MANWIDTH=80 man --warnings -l PAGE`: exit 0, nothing on stderr, the page's name on top.
    func testPagesRenderWithoutWarnings() throws {
        let man = try OptionalTool.locate(["/usr/bin/man"], package: "man-db groff-base")
        for (page, title) in [("gridctl.1", "GRIDCTL(1)"), ("gridd.8", "GRIDD(8)"), ("gridd.conf.5", "GRIDD.CONF(5)")] {
            let rendered = try Self.run(
                man, ["--warnings", "-l", Self.root + "/man/" + page], environment: ["MANWIDTH": "80", "LC_ALL": "C.UTF-8", "PAGER": "cat"])
            XCTAssertEqual(rendered.status, 0, page)
            XCTAssertEqual(rendered.stderr, "", "\(page) renders with warnings")
            XCTAssertTrue(rendered.stdout.hasPrefix(title), rendered.stdout.prefix(200) + "")
            if page == "gridctl.1" {
                XCTAssertTrue(rendered.stdout.contains("--reporter-phone P"), "the options as typed")
                XCTAssertTrue(rendered.stdout.contains("上报事件"), "the Chinese summaries")
                XCTAssertTrue(rendered.stdout.contains("gridctl submit --category 0101 --cell 320506002001006 --title '垃圾桶满溢'"))
            }
        }
    }

    /// Every command of the table with its usage, its own options, examples and exit statuses;
    /// the global and common options; every exit status with its meaning, 66 and 73 included;
    /// the environment.
    func testGridctlPageHasEveryCommandAndOption() {
        let page = ManPage.gridctl()
        for spec in CommandTable.all {
            let usage = String(HelpText.usageLine(spec).dropFirst("gridctl ".count))
            XCTAssertTrue(page.contains(".SS \"\(Roff.escape(usage))\""), "gridctl.1 lacks \(spec.name)")
            for option in spec.options {
                XCTAssertTrue(page.contains(Roff.option(option.spellings, value: option.valueName)), "gridctl.1 lacks \(spec.name) \(option.display)")
            }
            for example in spec.examples { XCTAssertTrue(page.contains(Roff.escape("gridctl " + example)), example) }
            XCTAssertTrue(page.contains("Exit status: " + spec.exitCodes.sorted().map(String.init).joined(separator: ", ")), spec.name)
        }
        for option in CommandTable.globalOptions + CommandTable.commonOptions {
            XCTAssertTrue(page.contains(Roff.option(option.spellings, value: option.valueName)), option.display)
        }
        for code in CommandTable.exitStatuses {
            XCTAssertTrue(page.contains(".TP\n\\fB\(code)\\fR\n" + Roff.escape(Messages.text("exit.\(code)", .en))), "exit \(code)")
        }
        XCTAssertTrue(CommandTable.exitStatuses.contains(66) && CommandTable.exitStatuses.contains(73))
        for variable in ["GRIDD_SOCKET", "GRIDCTL_LANG", "LC_ALL, LC_MESSAGES, LANG", "NO_COLOR"] {
            XCTAssertTrue(page.contains(".TP\n" + Roff.bold(variable) + "\n"), variable)
        }
    }

    /// gridd(8) has every option of gridd's table; the parser takes each (and `--flag=value`)
    /// and no other; `gridd --help` lists each.
    func testGriddOptionsAreOneTable() throws {
        let page = DaemonManPage.text(.gridd)
        let values = ["FILE": "x.conf", "DIR": "/tmp", "PATH": "/tmp/s", "N": "60", "TIME": "2026-09-30T17:00:00+08:00", "BACKUP": "b.db", "PAGE": "gridd.8"]
        for option in DaemonOptions.table {
            XCTAssertTrue(page.contains(".TP\n" + Roff.option(option.spellings, value: option.value) + "\n"), option.display)
            XCTAssertTrue(DaemonOptions.usage.contains("  " + option.display), option.display)
            for spelling in option.spellings {
                let value = option.value.map { values[$0] ?? "v" }
                XCTAssertNoThrow(try DaemonOptions.parse([spelling] + (value.map { [$0] } ?? [])), spelling)
                if let value, spelling.hasPrefix("--") { XCTAssertNoThrow(try DaemonOptions.parse(["\(spelling)=\(value)"]), spelling) }
            }
        }
        XCTAssertEqual(try DaemonOptions.parse(["--man=gridd.conf.5"]).manPage, "gridd.conf.5")
        XCTAssertEqual(try DaemonOptions.parse(["--time-scale=60"]).timeScale, 60)
        XCTAssertThrowsError(try DaemonOptions.parse(["--check-config=yes"]))
        XCTAssertThrowsError(try DaemonOptions.parse(["--verbose"]))
        XCTAssertThrowsError(try DaemonOptions.parse(["--config"]))
        let help = try Self.run(Self.binary("gridd"), ["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertEqual(help.stdout, DaemonOptions.usage)
        let wrong = try Self.run(Self.binary("gridd"), ["--verbose"])
        XCTAssertEqual(wrong.status, 2)
        XCTAssertEqual(wrong.stderr, "gridd: unknown option --verbose (see gridd --help)\n", "one line, not the whole usage")
    }

    /// gridd.conf(5) has every section and key of `ConfigSchema` with its default, and the loader
    /// takes its key lists from the schema.
    func testConfigPageHasEverySectionAndKey() {
        let page = DaemonManPage.text(.config)
        for section in ConfigSchema.sections {
            XCTAssertTrue(page.contains(".SS \"" + Roff.escape(section.header)), section.header)
            for key in section.keys {
                XCTAssertTrue(page.contains("\\fB" + Roff.escape(key.name) + "="), "\(section.header) \(key.name)=")
                XCTAssertTrue(page.contains(Roff.escape(key.defaultValue)), "\(key.name)= default")
            }
        }
        XCTAssertEqual(GridConfigLoader.sectionNames, ConfigSchema.sections.map(\.name))
        XCTAssertEqual(GridConfigLoader.limitKeys, ConfigSchema.keys("Limits"))
        XCTAssertTrue(page.contains("处置时限") && page.contains("事件类别"), "Chinese terms beside the English")
    }
}
