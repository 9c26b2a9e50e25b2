/// The commands, in the order `gridctl help` lists them. Texts are in the catalogue
/// (`Messages`); a test walks this table and checks every key in both languages.
extension CommandTable {
    /// Asks the daemon: 0 ok, 1 refused, 2 usage, 69 daemon unavailable, 70 an answer it cannot read.
    static let daemonExits: [Int32] = [0, 1, 2, 69, 70]

    /// The report's fields, shared by `submit` and `drop`.
    static let reportOptions: [OptionSpec] = [
        OptionSpec("--category", value: "CODE", required: true), OptionSpec("--priority", value: "urgent|normal|low"),
        OptionSpec("--lat", value: "Y"), OptionSpec("--lon", value: "X"), OptionSpec("--cell", value: "CODE"),
        OptionSpec("--community", value: "CODE"), OptionSpec("--title", value: "T"),
        OptionSpec("--description", value: "D"), OptionSpec("--address", value: "A"), OptionSpec("--key", value: "K"),
        OptionSpec("--reporter-name", value: "N"), OptionSpec("--reporter-phone", value: "P"),
        OptionSpec("--reported-at", value: "RFC3339"),
        OptionSpec("--channel", value: "patrol|resident|hotline|department|other"),
        OptionSpec("--file", value: "FILE|-"),
    ]

    /// `categories --codes`, `units --codes`: CODE<TAB>NAME lines for the shell completions.
    static let codes = OptionSpec("--codes")
    static let note = OptionSpec("--note", value: "TEXT")
    static let reason = OptionSpec("--note", value: "REASON", required: true, key: "reason")

    public static let all: [CommandSpec] = intake + queries + actions + requests

    static let intake: [CommandSpec] = [
        CommandSpec(
            "submit", options: reportOptions + [OptionSpec("--batch", value: "N")],
            examples: [
                "submit --category 0101 --cell 320506002001006 --title '垃圾桶满溢'",
                "submit --category 0203 --lat 31.30 --lon 120.62 --channel resident --reporter-phone 13812345678",
                "submit --file report.json",
                "submit --file backlog.jsonl --batch 200",
            ], exits: daemonExits + [66]),
        CommandSpec(
            "drop", options: reportOptions + [OptionSpec("--spool", value: "DIR")],
            examples: ["drop --category 0101 --community 320506002001", "drop --file reports.jsonl --spool /var/lib/gridd/spool"],
            exits: [0, 2, 66, 73]),
        CommandSpec(
            "backup", "FILE", options: [OptionSpec("--database", value: "PATH")],
            examples: ["backup /srv/backup/gridd-$(date +%F).db", "backup copy.db --database /var/lib/gridd/gridd.db"],
            exits: [0, 1, 2, 69]),
    ]

    static let queries: [CommandSpec] = [
        CommandSpec("show", "ID", examples: ["show 12", "show 12 --json"], exits: daemonExits),
        CommandSpec(
            "list",
            options: [
                OptionSpec("--state", value: "STATE"), OptionSpec("--tier", value: "TIER"), OptionSpec("--unit", value: "CODE"),
                OptionSpec("--category", value: "CODE"), OptionSpec("--overdue"), OptionSpec("--near-deadline"),
                OptionSpec("--requests"), OptionSpec("--to-visit"), OptionSpec("--limit", value: "N"),
                OptionSpec("--before", value: "ID"), OptionSpec("--mine"),
            ],
            examples: ["list --overdue", "list --state suspended --unit 320506002", "list --requests --limit 20"],
            exits: daemonExits),
        CommandSpec("mine", options: [OptionSpec("--limit", value: "N")], examples: ["mine", "mine --limit 20"], exits: daemonExits),
        CommandSpec("status", examples: ["status", "status --json"], exits: daemonExits),
        CommandSpec("categories", options: [codes], examples: ["categories", "categories --json"], exits: daemonExits),
        CommandSpec(
            "units", "[NAME|CODE]", options: [codes], examples: ["units", "units 清河街道", "units 320506002"], exits: daemonExits),
        CommandSpec(
            "tail",
            options: [
                OptionSpec("-f", "--follow"), OptionSpec("-n", "--lines", value: "N"), OptionSpec("--unit", value: "CODE"),
                OptionSpec("--tier", value: "TIER"), OptionSpec("--category", value: "CODE"),
                OptionSpec("--level", value: "LEVEL"),
            ],
            examples: ["tail -n 50", "tail -f --unit 320506002 --level warning"], exits: daemonExits),
        CommandSpec(
            "report",
            options: [
                OptionSpec("--unit", value: "CODE"), OptionSpec("--category", value: "CODE"), OptionSpec("--from", value: "DATE"),
                OptionSpec("--to", value: "DATE"), OptionSpec("--by", value: "community|street|district"),
                OptionSpec("--view", value: "territory|unit"), OptionSpec("--format", value: "table|csv|json|html"),
                OptionSpec("--output", value: "FILE"), OptionSpec("--register-limit", value: "N"),
            ],
            examples: [
                "report --from 2026-11-01 --to 2026-11-30 --by street",
                "report --view unit --format html --output 11月.html",
                "report --format csv --output report.csv",
            ], exits: daemonExits + [73]),
        CommandSpec("help", "[COMMAND]", options: [OptionSpec("--man")], examples: ["help", "help submit", "help --man | man -l -"], exits: [0, 2]),
        CommandSpec(
            "completion", "bash|zsh|fish",
            examples: ["completion bash > ~/.local/share/bash-completion/completions/gridctl", "completion fish | source"],
            exits: [0, 2]),
    ]

    static let actions: [CommandSpec] = [
        CommandSpec("ack", "ID", options: [note], examples: ["ack 12", "ack 12 --note '已到现场'"], exits: daemonExits),
        CommandSpec("resolve", "ID", options: [note], examples: ["resolve 12 --note '已清运'"], exits: daemonExits),
        CommandSpec("close", "ID", options: [note], examples: ["close 12", "close 12 --note '核查通过'"], exits: daemonExits),
        CommandSpec("reopen", "ID", options: [note], examples: ["reopen 12 --note '仍有垃圾'"], exits: daemonExits),
        CommandSpec(
            "register", "ID",
            options: [OptionSpec("--category", value: "CODE"), OptionSpec("--priority", value: "urgent|normal|low"), note],
            examples: ["register 31", "register 31 --category 0203 --priority urgent"], exits: daemonExits),
        CommandSpec("reject", "ID", options: [reason], examples: ["reject 31 --note '不属于受理范围'"], exits: daemonExits),
        CommandSpec("cancel", "ID", options: [reason], examples: ["cancel 12 --note '重复上报'"], exits: daemonExits),
        CommandSpec(
            "transfer", "ID", options: [OptionSpec("--to", value: "CELL|COMMUNITY", required: true), note],
            examples: ["transfer 12 --to 320506002002", "transfer 12 --to 320506002002003 --note '地址有误'"], exits: daemonExits),
        CommandSpec("note", "ID", options: [OptionSpec("--note", value: "TEXT", required: true)],
            examples: ["note 19 --note '已联系物业'"], exits: daemonExits),
        CommandSpec("escalate", "ID", options: [reason], examples: ["escalate 12 --note '需街道协调城管'"], exits: daemonExits),
        CommandSpec("supervise", "ID", options: [reason], examples: ["supervise 12 --note '群众多次反映'"], exits: daemonExits),
        CommandSpec(
            "visit", "ID", options: [OptionSpec("--result", value: "satisfied|basic|unsatisfied", required: true), note],
            examples: ["visit 12 --result satisfied", "visit 12 --result unsatisfied --note '异味仍在'"], exits: daemonExits),
    ]

    static let requests: [CommandSpec] = [
        CommandSpec(
            "extend", "ID", options: [OptionSpec("--by", value: "DURATION", required: true), reason],
            examples: ["extend 12 --by 2wd --note '需采购配件'", "extend 12 --by 4h --note '等待物业'"], exits: daemonExits),
        CommandSpec(
            "defer", "ID", options: [reason, OptionSpec("--until", value: "TIME")],
            examples: ["defer 12 --note '待汛期后施工'", "defer 12 --note '春节停工' --until 2027-02-20T09:00:00+08:00"],
            exits: daemonExits),
        CommandSpec("suspend", "ID", options: [reason], examples: ["suspend 12 --note '涉及历史遗留产权'"], exits: daemonExits),
        CommandSpec("approve", "ID", options: [note], examples: ["approve 12", "approve 12 --note '同意延期'"], exits: daemonExits),
        CommandSpec("deny", "ID", options: [reason], examples: ["deny 12 --note '可在时限内完成'"], exits: daemonExits),
        CommandSpec("resume", "ID", options: [note], examples: ["resume 12"], exits: daemonExits),
    ]
}
