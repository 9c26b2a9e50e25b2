/// The later sections of `ConfigSchema`: escalation policy, access, spool, notifications, intake,
/// evaluation and the categories.
extension ConfigSchema {
    static let policy = Section(
        name: "Policy", argument: "[CODE]", title: "escalation windows (处置时限)",
        summary: "[Policy] is required and holds the default windows; [Policy CODE] overrides them for one category. Per tier an incident has an ack window (受理时限, dispatch to acknowledgement) and a resolve window (处置时限, acknowledgement to resolution); a missed window is 超期, charged to the unit that held it, and the case escalates one tier up. Qualifiers: .TIER, .PRIORITY or .TIER.PRIORITY (Ack.street.urgent=); the most specific wins, a category's own before [Policy].",
        keys: [
            Key("Ack", "policy duration", "required", "The ack window (受理时限).", shown: "Ack=, Ack.<qualifiers>="),
            Key("Resolve", "policy duration", "required", "The resolve window (处置时限).", shown: "Resolve=, Resolve.<qualifiers>="),
            Key("Case", "policy duration", "the start tier's Ack= followed by its Resolve=", "The case deadline (案件处置时限), from registration to resolve at whatever tier holds the case; only an approved 延期 moves it.", shown: "Case=, Case.<priority>="),
            Key("Register", "policy duration", "none (no limit)", "立案时限: how long a report waiting for 立案 ([Intake] Wait=) may wait for an operator's register or reject; its end is 超期 charged to the city's centre.", shown: "Register=, Register.<priority>="),
            Key("WarningAt", "fraction", "0.8", "The yellow light (预警), as a fraction of each window; 0 disables it."),
            Key("ReminderEvery", "policy duration", "1wd", "How often a case that missed its window at the top tier (or its verification) is reminded."),
            Key("Verify", "policy duration", "1wd", "核查时限: the verification window after a resolve; a miss is charged to the verifying unit, the case stays resolved."),
            Key("VerifyWithin", "policy duration", "as Verify=", "The name of Verify= before schema version 5, still read as Verify= for one release: rename it."),
            Key("TopTier", "district or city", "city", "The highest tier an incident climbs to."),
        ])

    static let access = Section(
        name: "Access", argument: nil, title: "who may do what (权限)",
        summary: "Optional section. Peers are identified by the kernel (SO_PEERCRED; a spool file by its owner). root and the user gridd runs as are always admins; anyone else needs a role here. Subjects: wang (a user), @gridops (a group's members), #1001 (a uid), @#1001 (a gid's members).",
        keys: [
            Key("Admin", "subjects, repeatable", "none", "Admins: every action."),
            Key("Operator", "subjects, repeatable", "none", "Operators (受理员, 值班长): every action on every case; register, reject, cancel, transfer, visit."),
            Key("Worker", "subjects then a unit code, repeatable", "none", "Workers (网格员) bound to that unit: act on the cases at it or below it."),
            Key("Inspector", "subjects, then optionally a unit code, repeatable", "none", "Inspectors (监督员) bound to that unit, or city-wide without one: close or reopen (核查) cases that happened there."),
        ])

    static let spool = Section(
        name: "Spool", argument: nil, title: "taking report files from the spool directory (投递目录)",
        summary: "Optional section. The directory itself is Spool= in [Daemon].",
        keys: [
            Key("MaxFileSize", "size, 1K to 256M", "1M", "A larger file goes to rejected/ (too_large) without being read."),
            Key("RescanInterval", "duration, at least 100ms", "60s", "How often new/ is listed in full besides inotify."),
            Key("TmpMaxAge", "duration, at least 1s", "36h", "A file in tmp/ last changed longer ago than this is removed."),
            Key("MaxLinesPerFile", "count, 1 to 1000000", "10000", "A JSON Lines file with more reports than this goes to rejected/ whole."),
            Key("IncompleteTimeout", "duration, at least 1s", "10min", "A file written in place whose last line is unfinished is taken once it has not changed for this long; the unfinished line is rejected."),
        ])

    static let notify = Section(
        name: "Notify", argument: nil, title: "notifications to a gateway program (通知)",
        summary: "Optional section. Every event of the kinds in Events= gets a notification, delivered at least once by running Exec= with the notification as one line of JSON on its stdin: an SMS, WeChat Work (企业微信) or e-mail gateway plugs in here.",
        keys: [
            Key("Exec", "command line", "required", "The program (an absolute path) and its arguments, run directly, not by a shell."),
            Key("Events", "event kinds", "dispatched warning escalated overdue", "Which events get a notification, separated by blanks or commas."),
            Key("Concurrency", "count, 1 to 64", "4", "Programs running at once."),
            Key("Timeout", "duration, 100ms to 1h", "10s", "A run still going after this is stopped and counts as a failed attempt."),
            Key("RetryDelay", "duration, 100ms to 1d", "5s", "The wait after the first failed attempt; it doubles after each further failure…"),
            Key("RetryMaxDelay", "duration, 100ms to 1w", "10min", "…up to this."),
            Key("MaxAttempts", "count or infinity", "infinity", "Attempts before gridd gives up on a notification (notify_gave_up)."),
        ])

    static let intake = Section(
        name: "Intake", argument: nil, title: "which channels wait for 立案",
        summary: "Optional section. A report's channel: patrol (网格员巡查), resident (居民上报), hotline (12345热线), department (部门移交), other.",
        keys: [
            Key("Wait", "channels, or none", "resident hotline", "Reports from these channels wait as reported (待立案) until an operator registers (立案) or rejects (不予立案) them; every other channel is registered at once (自动立案)."),
        ])

    static let evaluation = Section(
        name: "Evaluation", argument: nil, title: "how reports score and rank units (综合评价)",
        summary: "Optional section. gridctl report gives each row a composite score (综合指标) and ranks the rows of a level by it (排名).",
        keys: [
            Key("Weights", "name=weight pairs", "on_time=60 close=30 rework=10", "How much 按期结案率 (on_time), 结案率 (close) and 1 − 返工率 (rework) count; whole numbers 0 to 1000000 adding up to more than 0."),
            Key("Target", "percentage, above 0 and at most 100", "none", "The on-time rate (按期结案率) units are held to (90%): a dashed line across the HTML report's on-time chart (目标 90%)."),
        ])

    static let category = Section(
        name: "Category", argument: "CODE", title: "kinds of incident (事件类别)",
        summary: "One section per category; at least one is required. CODE is 4 digits: major class (大类) and minor class (小类), neither 00, e.g. [Category 0102] is 暴露垃圾 under 01 市容环境.",
        keys: [
            Key("Name", "text", "required", "The minor class name, e.g. 暴露垃圾."),
            Key("Major", "text", "required", "The major class name, e.g. 市容环境; the same for every category of the major class."),
            Key("StartTier", "tier", "community", "The tier an incident is dispatched to first."),
            Key("DefaultPriority", "priority", "normal", "The priority of a report that names none."),
            Key("Department.community", "text", "none", "The department responsible at the community tier, e.g. 社区网格站."),
            Key("Department.street", "text", "none", "… at the street tier, e.g. 街道城管中队."),
            Key("Department.district", "text", "none", "… at the district tier, e.g. 区城市管理局."),
            Key("Department.city", "text", "none", "… at the city tier, e.g. 市城市运行管理中心."),
        ])
}
