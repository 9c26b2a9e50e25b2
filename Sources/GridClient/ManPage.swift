import GridCore

/// `gridctl help --man`: the man page gridctl(1), rendered from the command table
/// (`CommandTable`) and the English catalogue with each command's Chinese summary beside it, as
/// `--help` is; `man/gridctl.1` is this output, committed (a test keeps the two equal).
public enum ManPage {
    /// The roff source of gridctl(1).
    public static func gridctl() -> String {
        var page = Roff(name: "gridctl", section: "1", version: GridctlVersion.current)
        page.section("NAME")
        page.raw("gridctl \\- the command\\-line client of gridd, the grid incident dispatcher (网格化管理)")
        page.section("SYNOPSIS")
        page.raw(".B gridctl", options(CommandTable.globalOptions.filter { $0.keyName != "help" && $0.keyName != "version" }),
            "\\fICOMMAND\\fR [\\fIARGS\\fR]", ".br", ".B gridctl help", "[\\fICOMMAND\\fR]")
        page.section("DESCRIPTION")
        page.paragraph(description)
        page.section("GLOBAL OPTIONS")
        page.paragraph("Given before the command.")
        for option in CommandTable.globalOptions { page.tagged(tag(option), help("opt.\(option.keyName)")) }
        page.section("COMMANDS")
        page.paragraph("Every command also takes the options of OPTIONS OF EVERY COMMAND below.")
        for spec in CommandTable.all { command(spec, into: &page) }
        page.section("OPTIONS OF EVERY COMMAND")
        for option in CommandTable.commonOptions { page.tagged(tag(option), help("opt.\(option.keyName)")) }
        page.section("EXIT STATUS")
        for code in CommandTable.exitStatuses { page.tagged(Roff.bold(String(code)), help("exit.\(code)")) }
        page.section("ENVIRONMENT")
        for (name, text) in environment { page.tagged(Roff.bold(name), text) }
        page.section("FILES")
        for (name, text) in files { page.tagged(Roff.italic(name), text) }
        page.section("SEE ALSO")
        page.raw(".BR gridd (8),", ".BR gridd.conf (5);",
            "the README and docs/ of gridd (installed in \\fI/usr/share/doc/gridd/\\fR).")
        return page.text
    }

    /// One command: its usage line, summaries, own options, examples and exit statuses.
    static func command(_ spec: CommandSpec, into page: inout Roff) {
        let catalogue = Messages.catalogue(.en)
        page.subsection(String(HelpText.usageLine(spec).dropFirst("gridctl ".count)))
        page.paragraph(help(spec.summaryKey))
        page.raw(".br", Roff.escape(Messages.text(spec.summaryKey, .zh)))
        for option in ownOptions(spec) {
            let text = Messages.text(spec.helpKey(option, in: catalogue), .en)
            page.tagged(tag(option), text + (option.required ? Messages.text("help.required", .en) : ""))
        }
        page.paragraph("Examples:")
        page.example(spec.examples.map { "gridctl " + $0 })
        page.paragraph("Exit status: " + spec.exitCodes.sorted().map(String.init).joined(separator: ", ") + ".")
    }

    /// The options a command declares besides those of every command.
    static func ownOptions(_ spec: CommandSpec) -> [OptionSpec] {
        let common = Set(CommandTable.commonOptions.flatMap(\.spellings))
        return spec.options.filter { !$0.spellings.contains(where: common.contains) }
    }

    static func tag(_ option: OptionSpec) -> String { Roff.option(option.spellings, value: option.valueName) }

    static func options(_ options: [OptionSpec]) -> String {
        options.map { "[" + tag($0) + "]" }.joined(separator: " ")
    }

    static func help(_ key: String) -> String { Messages.text(key, .en) }

    static let description = """
        gridctl reports incidents to gridd, the daemon of a city's grid management (网格化管理), \
        and lets grid workers (网格员), operators (受理员, 值班长) and inspectors (监督员) act on \
        them: 立案, 受理, 处置, 核查, 结案, requests for 延期, 缓办 and 挂账, reports for meetings. \
        It talks to the daemon over its Unix socket; who may do what is decided by the daemon from \
        the caller's user and groups (gridd.conf(5), [Access]). Messages, table headers, states and \
        tiers are in Chinese when the locale is zh_* and in English otherwise (--lang, GRIDCTL_LANG); \
        --json output, wire names and log keys stay English. --category, --unit and --community \
        take a code or a name (暴露垃圾, 桃源社区) or an unambiguous start of one.
        """

    static let environment: [(String, String)] = [
        ("GRIDD_SOCKET", "The daemon's socket when --socket is not given."),
        ("GRIDD_SPOOL", "The spool directory of drop when --spool is not given."),
        ("GRIDCTL_LANG", "zh or en: the language of messages when --lang is not given; it comes before the locale."),
        ("LC_ALL, LC_MESSAGES, LANG", "The first one set chooses the language: zh_* is Chinese, anything else English."),
        ("NO_COLOR", "When set (to anything), no colour, even on a terminal."),
    ]

    static let files: [(String, String)] = [
        (SocketLocator.systemPath, "The socket of the daemon run by systemd (gridd.socket)."),
        ("./var/gridd.sock", "The socket of a daemon run from a checkout, used when it belongs to the user running gridctl."),
        ("/var/lib/gridd/spool", "The spool directory drop writes into (tmp/, new/, rejected/)."),
    ]
}
