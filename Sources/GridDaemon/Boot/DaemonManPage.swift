import GridCore

/// `gridd --man gridd.8|gridd.conf.5`: the man pages of the daemon, rendered from its option
/// table (`DaemonOptions.table`) and the configuration schema (`ConfigSchema`, which the loader
/// checks keys against). `man/gridd.8` and `man/gridd.conf.5` are this output, committed (a test
/// keeps them equal), so neither page can drift from what gridd accepts.
public enum DaemonManPage {
    /// The pages gridd renders, by their file names under man/ (`gridd --man gridd.8`).
    public enum Page: String, CaseIterable, Sendable {
        case gridd = "gridd.8"
        case config = "gridd.conf.5"
    }

    public static func text(_ page: Page) -> String {
        switch page {
        case .gridd: return gridd()
        case .config: return config()
        }
    }

    /// gridd(8).
    static func gridd() -> String {
        var page = Roff(name: "gridd", section: "8", version: GriddVersion.current)
        page.section("NAME")
        page.raw("gridd \\- the grid incident dispatcher daemon (网格化管理事件派遣)")
        page.section("SYNOPSIS")
        page.raw(DaemonOptions.synopsis.map { Roff.bold("gridd") + " " + Roff.escape(String($0.dropFirst("gridd ".count))) }
            .joined(separator: "\n.br\n"))
        page.section("DESCRIPTION")
        page.paragraph(DaemonOptions.summary)
        for text in description { page.paragraph(text) }
        page.section("OPTIONS")
        for option in DaemonOptions.table { page.tagged(Roff.option(option.spellings, value: option.value), option.help) }
        page.section("SIGNALS")
        for (name, text) in signals { page.tagged(Roff.bold(name), text) }
        page.section("EXIT STATUS")
        for (code, text) in exitStatuses { page.tagged(Roff.bold(code), text) }
        page.section("ENVIRONMENT")
        for (name, text) in environment { page.tagged(Roff.bold(name), text) }
        page.section("FILES")
        for (name, text) in files { page.tagged(Roff.italic(name), text) }
        page.section("SEE ALSO")
        page.raw(".BR gridctl (1),", ".BR gridd.conf (5),", ".BR systemctl (1);",
            "docs/OPERATIONS.md and docs/CRASH\\-AND\\-FAULTS.md in \\fI/usr/share/doc/gridd/\\fR.")
        return page.text
    }

    /// gridd.conf(5): every section and key of `ConfigSchema`.
    static func config() -> String {
        var page = Roff(name: "gridd.conf", section: "5", version: GriddVersion.current)
        page.section("NAME")
        page.raw("gridd.conf \\- configuration of gridd, the grid incident dispatcher (配置文件)")
        page.section("SYNOPSIS")
        page.raw("\\fI/etc/gridd/gridd.conf\\fR", ".br", "\\fIConfig/gridd.conf\\fR (a checkout)")
        page.section("DESCRIPTION")
        for text in configDescription { page.paragraph(text) }
        page.section("VALUE TYPES")
        for (name, text) in ConfigSchema.valueTypes { page.tagged(Roff.italic(name), text) }
        page.section("SECTIONS")
        for section in ConfigSchema.sections {
            page.subsection(section.header + " \u{2014} " + section.title)
            page.paragraph(section.summary)
            for key in section.keys {
                let shown = (key.shown ?? key.name + "=").split(separator: " ").map { word in
                    Roff.bold(String(word))
                }
                page.tagged(shown.joined(separator: " ") + " " + Roff.italic(key.type), key.meaning + (key.defaultValue == "required" ? " Required." : " Default: " + key.defaultValue + "."))
            }
        }
        page.section("EXAMPLE")
        page.example(example)
        page.section("SEE ALSO")
        page.raw(".BR gridd (8),", ".BR gridctl (1);",
            "docs/CONFIG.md in \\fI/usr/share/doc/gridd/\\fR: the long form, with examples, precedence and every check.")
        return page.text
    }

    static let description = [
        "gridd takes reports of incidents (事件) from grid workers (网格员), residents, the 12345 hotline and departments, over its Unix socket (gridctl) or as files in its spool directory; routes each to the grid cell (网格) and community (社区) where it happened; and escalates it community, street (街道), district (区), city (市) when a window is missed (超期). Every change is written to SQLite and to the dispatch log (派遣日志, logfmt).",
        "It runs in the foreground. Under systemd it is a Type=notify service, socket-activated by gridd.socket, sandboxed, and reloads with systemctl reload gridd.",
    ]

    static let signals: [(String, String)] = [
        ("SIGTERM, SIGINT", "Stop gracefully: answers in flight are written, at most StopTimeout= ([Limits]) in all."),
        ("SIGHUP", "Re-read and validate the whole configuration (systemctl reload gridd); a bad one is refused and the running one kept."),
        ("SIGUSR1", "Reopen dispatch.log (after logrotate)."),
    ]

    static let exitStatuses: [(String, String)] = [
        ("0", "Stopped cleanly; --check-config found no problem; --restore done; --help, --version, --man."),
        ("1", "The configuration has problems (each printed as file:line: message), or the daemon could not start, or a restore was refused."),
        ("2", "Usage: an unknown option or a bad value."),
    ]

    static let environment: [(String, String)] = [
        ("STATE_DIRECTORY, RUNTIME_DIRECTORY, LOGS_DIRECTORY", "systemd's directories, used for the paths the configuration does not set."),
        ("CONFIGURATION_DIRECTORY", "Where gridd.conf is looked for when --config is not given and there is no Config/gridd.conf."),
        ("LISTEN_FDS, LISTEN_PID", "Socket activation: the listening socket passed by gridd.socket."),
        ("NOTIFY_SOCKET", "systemd's readiness and status notifications (READY=1, STATUS=)."),
    ]

    static let files: [(String, String)] = [
        ("/etc/gridd/gridd.conf", "The configuration (gridd.conf(5)), with grid.geojson and holidays/ beside it."),
        ("/var/lib/gridd/gridd.sqlite", "The database (WAL), 0640."),
        ("/var/lib/gridd/spool", "The spool directory: tmp/, new/, rejected/."),
        ("/run/gridd/gridd.sock", "The socket gridctl connects to."),
        ("/var/log/gridd/dispatch.log", "The dispatch log."),
        ("Config/gridd.conf, ./var/", "The configuration and state of a checkout, when gridd runs there with no flags."),
    ]

    static let configDescription = [
        "gridd reads one file: the one named by --config, else Config/gridd.conf in the working directory, else $CONFIGURATION_DIRECTORY/gridd.conf, else /etc/gridd/gridd.conf. gridd --check-config prints every problem as file:line: message and exits 1 if there is any; the daemon refuses to start with such a file, and a reload with one keeps the running configuration.",
        "The syntax is systemd's: [Section] headers, Key=value lines, comments starting with # or ;. A section may appear more than once (its entries merge); a key may repeat and the last value wins; an empty value resets an optional key to its default. An unknown section or key is an error, with the closest known name.",
    ]

    static let example = [
        "[Grid]", "Map=grid.geojson", "FallbackUnit=320500", "CityCode=320500", "CityName=江州市", "",
        "[Policy]", "Ack=2wh", "Ack.urgent=30wmin", "Resolve=1wd", "Resolve.urgent=4wh", "",
        "[Category 0102]", "Name=暴露垃圾", "Major=市容环境",
    ]
}
