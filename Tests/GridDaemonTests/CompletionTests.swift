import Foundation
import GridCore
import XCTest

@testable import GridClient

/// The shell completions: the committed scripts are `gridctl completion SHELL`; the bash one
/// loads and, driven as bash drives it (COMP_WORDS, COMP_CWORD), offers the commands, each
/// command's options, the declared values, and the category and unit codes of the running daemon
/// (nothing, silently, without one); zsh and fish parse theirs.
final class CompletionTests: XCTestCase {
    static let root = DaemonHarness.repositoryRoot

    /// What `_gridctl` puts in COMPREPLY for the command line `words` (the last one being
    /// completed), with the built gridctl first on PATH.
    static func bash(_ words: [String], environment: [String: String] = [:]) throws -> (words: [String], stderr: String) {
        let script = """
            source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _gridctl; \
            if ((${#COMPREPLY[@]})); then printf '%s\\n' "${COMPREPLY[@]}"; fi
            """
        let path = DaemonHarness.productsDirectory.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let result = try ManPageTests.run(
            "/bin/bash", ["-c", script, "bash", root + "/completions/gridctl.bash"] + words,
            environment: environment.merging(["PATH": path]) { $1 })
        XCTAssertEqual(result.status, 0, result.stderr)
        return (result.stdout.split(separator: "\n").map(String.init), result.stderr)
    }

    static func offered(_ words: [String]) throws -> [String] { try bash(words).words }

    func testCommittedScriptsAreWhatGridctlPrints() throws {
        for shell in Completion.Shell.allCases {
            let printed = try ManPageTests.run(ManPageTests.binary("gridctl"), ["completion", shell.rawValue])
            XCTAssertEqual(printed.status, 0, printed.stderr)
            XCTAssertEqual(printed.stdout, Completion.script(shell))
            let committed = try ManPageTests.committed("completions/gridctl.\(shell.rawValue)")
            XCTAssertEqual(committed, printed.stdout, "completions/gridctl.\(shell.rawValue) is stale: run scripts/generate-docs.sh")
        }
        XCTAssertEqual(try ManPageTests.run(ManPageTests.binary("gridctl"), ["completion", "tcsh"]).status, 2)
    }

    func testBashCompletionLoadsAndOffersCommandsAndOptions() throws {
        let loaded = try ManPageTests.run("/bin/bash", ["-c", "source \"$1\"; complete -p gridctl", "bash", Self.root + "/completions/gridctl.bash"])
        XCTAssertEqual(loaded.stdout, "complete -F _gridctl gridctl\n", loaded.stderr)

        XCTAssertEqual(try Self.offered(["gridctl", "su"]), CommandTable.names.filter { $0.hasPrefix("su") })
        XCTAssertEqual(try Self.offered(["gridctl", "su"]), ["submit", "supervise", "suspend"])
        XCTAssertEqual(try Self.offered(["gridctl", ""]), CommandTable.names)
        XCTAssertEqual(try Self.offered(["gridctl", "--socket", "/tmp/x", "sta"]), ["status"], "a global option's value is not the command")
        XCTAssertEqual(Set(try Self.offered(["gridctl", "-"])), Set(CommandTable.globalOptions.flatMap(\.spellings)))
        // Every command's options, as its table declares them.
        for spec in CommandTable.all {
            XCTAssertEqual(Set(try Self.offered(["gridctl", spec.name, "-"])), Set(spec.options.flatMap(\.spellings)), spec.name)
        }
        XCTAssertEqual(try Self.offered(["gridctl", "submit", "--pri"]), ["--priority"])
        XCTAssertEqual(try Self.offered(["gridctl", "help", "re"]), CommandTable.names.filter { $0.hasPrefix("re") })
    }

    /// Values from the declarations: choices, states, tiers, log levels, shells; none for free text.
    func testBashCompletionOffersDeclaredValues() throws {
        XCTAssertEqual(try Self.offered(["gridctl", "submit", "--priority", ""]), ["urgent", "normal", "low"])
        XCTAssertEqual(try Self.offered(["gridctl", "submit", "--priority", "=", "u"]), ["urgent"], "--priority=u")
        XCTAssertEqual(try Self.offered(["gridctl", "report", "--format", ""]), ["table", "csv", "json", "html"])
        XCTAssertEqual(try Self.offered(["gridctl", "list", "--state", ""]), IncidentState.allCases.map(\.rawValue))
        XCTAssertEqual(try Self.offered(["gridctl", "tail", "--level", "w"]), ["warning"])
        XCTAssertEqual(try Self.offered(["gridctl", "list", "--tier", "s"]), ["street"])
        XCTAssertEqual(try Self.offered(["gridctl", "--lang", ""]), ["zh", "en"])
        XCTAssertEqual(try Self.offered(["gridctl", "completion", ""]), ["bash", "zsh", "fish"])
        XCTAssertEqual(try Self.offered(["gridctl", "visit", "12", "--result", "s"]), ["satisfied"])
        XCTAssertEqual(try Self.offered(["gridctl", "submit", "--title", ""]), [], "free text: nothing offered")
        XCTAssertEqual(try Self.offered(["gridctl", "extend", "12", "--by", ""]), [], "extend --by is a duration, not report's --by")
        XCTAssertEqual(try Self.offered(["gridctl", "report", "--by", "st"]), ["street"])
    }

    /// Category and unit codes come from the running daemon (`categories --codes`); without one
    /// there are none and nothing is printed.
    func testBashCompletionAsksTheDaemonForCodes() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let codes = try daemon.gridctl(["categories", "--codes"])
        XCTAssertEqual(codes.status, 0, codes.stderr)
        XCTAssertTrue(codes.stdout.contains("0102\t暴露垃圾\n"), codes.stdout)
        let environment = ["GRIDD_SOCKET": daemon.socketPath]
        let categories = try Self.bash(["gridctl", "submit", "--category", "01"], environment: environment)
        XCTAssertEqual(categories.words, ["0102", "0103"])
        XCTAssertEqual(categories.stderr, "")
        let units = try Self.bash(["gridctl", "list", "--unit", "320506002"], environment: environment).words
        XCTAssertEqual(units, ["320506002", "320506002001", "320506002002"])
        XCTAssertEqual(try Self.bash(["gridctl", "units", "32050600200"], environment: environment).words, ["320506002001", "320506002002"])
        XCTAssertEqual(daemon.stop(), 0)

        let none = try Self.bash(["gridctl", "submit", "--category", ""], environment: ["GRIDD_SOCKET": daemon.directory + "/gone.sock"])
        XCTAssertEqual(none.words, [])
        XCTAssertEqual(none.stderr, "")
    }

    func testZshScriptParsesAndRegisters() throws {
        let zsh = try OptionalTool.locate(["/usr/bin/zsh", "/bin/zsh"], package: "zsh")
        let path = Self.root + "/completions/gridctl.zsh"
        let parsed = try ManPageTests.run(zsh, ["-n", path])
        XCTAssertEqual(parsed.status, 0, parsed.stderr)
        let registered = try ManPageTests.run(
            zsh, ["-f", "-c", "autoload -U compinit; compinit -u -D; source \"$1\"; print -r -- $_comps[gridctl]", "zsh", path])
        XCTAssertEqual(registered.stdout, "_gridctl\n", registered.stderr)
    }

    func testFishScriptParsesAndCompletes() throws {
        let fish = try OptionalTool.locate(["/usr/bin/fish", "/bin/fish"], package: "fish")
        let path = Self.root + "/completions/gridctl.fish"
        XCTAssertEqual(try ManPageTests.run(fish, ["--no-execute", path]).status, 0)
        let completed = try ManPageTests.run(
            fish, ["--no-config", "-c", "source $argv[1]; complete -C 'gridctl su'; complete -C 'gridctl submit --priority '", path],
            environment: ["HOME": NSTemporaryDirectory()])
        XCTAssertEqual(completed.status, 0, completed.stderr)
        let words = completed.stdout.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }
        XCTAssertEqual(words, ["submit", "supervise", "suspend", "low", "normal", "urgent"])
    }
}
