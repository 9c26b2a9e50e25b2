import GridCore

/// The worked example of docs/REPORTS.md: seventeen cases in two communities of 清河区 over May
/// and June 2026, reported for June (compared with May, 环比) on 1 July at 09:00. It is written
/// once, as a script of what people did and when; the tests play it through the lifecycle — in
/// memory (GridCoreTests) and into a real database under the real daemon (GridDaemonTests) — and
/// hold the report to `expected`, figure by figure, under the JSON names of DOMAIN.md.
///
/// Categories 0102 and 0103 run on a calendar-time policy (`policyConfig`), so every deadline
/// can be checked by hand: 2 h to acknowledge and 1 day to resolve at every tier, up to the
/// district; the case deadline is the default, 2 h + 1 d = 26 h from registration.
public enum WorkedExample {
    /// What the sample config gets for the example (appended to it: a category's own section wins).
    public static let policyConfig = """
        [Policy 0102]
        Ack=2h
        Resolve=1d
        TopTier=district
        ReminderEvery=1d
        VerifyWithin=3d
        Register=2h

        [Policy 0103]
        Ack=2h
        Resolve=1d
        TopTier=district
        ReminderEvery=1d
        VerifyWithin=3d
        Register=2h
        """

    /// The snapshot those sections give a case (the daemon's test checks the config gives it).
    public static let policy = IncidentPolicy(
        windows: [
            .community: .init(ack: .calendar(2 * hour), resolve: .calendar(24 * hour)),
            .street: .init(ack: .calendar(2 * hour), resolve: .calendar(24 * hour)),
            .district: .init(ack: .calendar(2 * hour), resolve: .calendar(24 * hour)),
        ],
        topTier: .district, warningFraction: 0.8, reminderInterval: .calendar(24 * hour), verificationWindow: .calendar(72 * hour),
        registerWindow: .calendar(2 * hour))

    /// The config's policy as those sections give it (what 立案 snapshots in memory).
    public static let escalationPolicy: EscalationPolicy = {
        var rules = EscalationPolicy.Rules(
            ack: [.init(): .calendar(2 * hour)], resolve: [.init(): .calendar(24 * hour)], warningFraction: 0.8,
            reminderInterval: .calendar(24 * hour), verificationWindow: .calendar(72 * hour), topTier: .district)
        rules.registerWindow = [nil: .calendar(2 * hour)]
        return EscalationPolicy(defaults: rules)
    }()

    /// 立案 in a script: the players put their own catalog and policy in (`registration(_:_:)`).
    static let register = LifecycleCommand.register(Registration(categories: CategoryCatalog(), policy: EscalationPolicy()))

    /// The command a player applies for a scripted one: 立案 with the player's catalog and policy.
    public static func resolved(_ command: LifecycleCommand, categories: CategoryCatalog, policy: EscalationPolicy) -> LifecycleCommand {
        guard case .register = command else { return command }
        return .register(Registration(categories: categories, policy: policy))
    }

    static let hour: Int64 = 3_600_000

    /// 桃源社区 (清河街道) and 花园社区 (望江街道), of 清河区.
    public static let taoyuan = UnitCode("320506002001")!
    public static let huayuan = UnitCode("320506001001")!
    public static let qingheStreet = UnitCode("320506002")!
    public static let wangjiangStreet = UnitCode("320506001")!
    public static let qingheDistrict = UnitCode("320506")!
    /// 江州市: its centre holds the register windows (立案时限).
    public static let city = UnitCode("320500")!
    static let taoyuanCell = "320506002001006"
    static let huayuanCell = "320506001001003"

    /// One case: where and when it was reported, then what people did (timers fire between).
    public struct Case: Sendable {
        public var category: String
        public var cell: String
        public var created: Timestamp
        public var title: String
        public var actions: [(command: LifecycleCommand, at: Timestamp, note: String?)]
        /// How it came in (nil: `other`), and whether it waited for 立案 (`reported` 待立案).
        public var channel: Channel? = nil
        public var waits = false
    }

    /// "2026-06-01 09:00", local time (+08:00).
    public static func time(_ text: String) -> Timestamp {
        Timestamp(rfc3339: text.replacingOccurrences(of: " ", with: "T") + ":00+08:00")!
    }

    /// The report: June 2026, run on 1 July at 09:00; May is the previous period.
    public static let june = ReportRange(from: time("2026-06-01 00:00"), to: time("2026-07-01 00:00"))
    public static let may = ReportRange(from: time("2026-05-01 00:00"), to: time("2026-06-01 00:00"))
    public static let reportTime = time("2026-07-01 09:00")

    private static func at(_ text: String, _ command: LifecycleCommand, _ note: String? = nil)
        -> (command: LifecycleCommand, at: Timestamp, note: String?)
    {
        (command, time(text), note)
    }

    /// The cases in the order they were reported: their ids are 1…17.
    public static let cases: [Case] = [
        // May (the previous period).
        Case(category: "0102", cell: taoyuanCell, created: time("2026-05-11 09:00"), title: "楼道堆放垃圾", actions: [
            at("2026-05-11 09:30", .acknowledge), at("2026-05-11 14:00", .resolve), at("2026-05-11 16:00", .close),
        ]),
        Case(category: "0102", cell: taoyuanCell, created: time("2026-05-12 09:00"), title: "垃圾桶满溢", actions: [
            at("2026-05-12 10:00", .acknowledge), at("2026-05-13 09:00", .resolve), at("2026-05-13 10:00", .close),
        ]),
        // 花园社区 misses its ack window: 超期, up to 望江街道, which handles it within the case deadline.
        Case(category: "0102", cell: huayuanCell, created: time("2026-05-18 09:00"), title: "绿化带垃圾", actions: [
            at("2026-05-18 12:00", .acknowledge), at("2026-05-19 10:00", .resolve), at("2026-05-19 15:00", .close),
        ]),
        // Reworked (返工), resolved again after its case deadline.
        Case(category: "0103", cell: huayuanCell, created: time("2026-05-27 09:00"), title: "建筑渣土", actions: [
            at("2026-05-27 09:30", .acknowledge), at("2026-05-27 14:00", .resolve), at("2026-05-28 09:00", .reopen),
            at("2026-05-28 15:00", .resolve), at("2026-05-28 16:00", .close),
        ]),
        // Reported on Sunday 31 May, closed on 1 June: due in June.
        // From a resident (registered on receipt); 回访 in June: basically satisfied.
        Case(category: "0102", cell: taoyuanCell, created: time("2026-05-31 10:00"), title: "周末垃圾", actions: [
            at("2026-05-31 11:00", .acknowledge), at("2026-06-01 10:00", .resolve), at("2026-06-01 11:00", .close),
            at("2026-06-02 10:00", .visit(.basic)),
        ], channel: .resident),
        // June. From the hotline (registered on receipt); 回访: satisfied.
        Case(category: "0102", cell: taoyuanCell, created: time("2026-06-01 09:00"), title: "小区门口垃圾", actions: [
            at("2026-06-01 09:30", .acknowledge), at("2026-06-01 15:00", .resolve), at("2026-06-01 17:00", .close),
            at("2026-06-02 11:00", .visit(.satisfied)),
        ], channel: .hotline),
        // Escalated twice (桃源社区 and 清河街道 miss their ack windows), resolved at the district
        // within the district's own window but after the case deadline: not 按期.
        Case(category: "0102", cell: taoyuanCell, created: time("2026-06-02 09:00"), title: "河道漂浮垃圾", actions: [
            at("2026-06-02 14:00", .acknowledge), at("2026-06-03 12:00", .resolve), at("2026-06-03 16:00", .close),
        ]),
        // Reworked, resolved again within the case deadline.
        Case(category: "0102", cell: taoyuanCell, created: time("2026-06-08 09:00"), title: "菜场垃圾", actions: [
            at("2026-06-08 09:10", .acknowledge), at("2026-06-08 11:00", .resolve), at("2026-06-09 09:00", .reopen),
            at("2026-06-09 10:30", .resolve), at("2026-06-09 17:00", .close),
        ]),
        // Deferred (缓办) and still deferred: paused.
        Case(category: "0102", cell: huayuanCell, created: time("2026-06-10 09:00"), title: "待物业清运", actions: [
            at("2026-06-10 09:20", .acknowledge), at("2026-06-10 10:00", .defer, "等待物业配合"),
        ]),
        // Cancelled (撤销): a duplicate.
        Case(category: "0102", cell: huayuanCell, created: time("2026-06-15 09:00"), title: "重复上报", actions: [
            at("2026-06-15 09:30", .cancel, "重复上报"),
        ]),
        // From a resident (registered on receipt); 回访: unsatisfied.
        Case(category: "0103", cell: huayuanCell, created: time("2026-06-16 09:00"), title: "路边渣土", actions: [
            at("2026-06-16 10:00", .acknowledge), at("2026-06-16 16:00", .resolve), at("2026-06-17 10:00", .close),
            at("2026-06-18 10:00", .visit(.unsatisfied)),
        ], channel: .resident),
        // Nobody acknowledges it: 超期 at the community, the street and the district (the top tier
        // here); 督办 the next morning, counted against the district that holds it.
        Case(category: "0102", cell: taoyuanCell, created: time("2026-06-24 09:00"), title: "垃圾堆积无人清运", actions: [
            at("2026-06-25 10:00", .supervise, "三级超期, 请区里立即处置"),
        ]),
        // Resolved on time, not yet verified when the report runs.
        Case(category: "0103", cell: huayuanCell, created: time("2026-06-29 09:00"), title: "工地渣土", actions: [
            at("2026-06-29 09:30", .acknowledge), at("2026-06-29 15:00", .resolve),
        ]),
        // Reported on the last afternoon, acknowledged: due in July.
        Case(category: "0102", cell: taoyuanCell, created: time("2026-06-30 16:00"), title: "新增垃圾点", actions: [
            at("2026-06-30 16:30", .acknowledge),
        ]),
        // From a resident, waits for 立案: 不予立案 within the register window.
        Case(category: "0102", cell: huayuanCell, created: time("2026-06-02 09:00"), title: "邻里纠纷", actions: [
            at("2026-06-02 10:00", .reject, "不属于城市管理事项"),
        ], channel: .resident, waits: true),
        // From the hotline, registered within the register window; a 延期 request denied, a 挂账
        // request approved: suspended, due in June and paused.
        Case(category: "0102", cell: taoyuanCell, created: time("2026-06-22 09:00"), title: "违章搭建垃圾房", actions: [
            at("2026-06-22 10:00", register), at("2026-06-22 10:30", .acknowledge),
            at("2026-06-22 10:40", .request(.extend, by: .calendar(24 * hour), until: nil), "需要协调物业"),
            at("2026-06-22 10:50", .deny, "理由不足"),
            at("2026-06-22 11:00", .request(.suspend, by: nil, until: nil), "待上级拨付资金"),
            at("2026-06-22 14:00", .approve),
        ], channel: .hotline, waits: true),
        // From a resident, registered after its register window (超期 charged to the city's centre);
        // 花园社区 hands it up by hand (主动上报) to 望江街道, which takes it on; 督办 at 望江街道.
        Case(category: "0103", cell: huayuanCell, created: time("2026-06-30 09:00"), title: "占道堆放渣土", actions: [
            at("2026-06-30 14:00", register), at("2026-06-30 14:30", .acknowledge),
            at("2026-06-30 15:00", .escalate, "需要街道协调执法"), at("2026-06-30 16:00", .acknowledge),
            at("2026-06-30 17:00", .supervise, "请尽快处置"),
        ], channel: .resident, waits: true),
    ]

    /// The cases played through `lifecycle` in memory, as the daemon would have written them up
    /// to `reportTime`: each incident (ids 1…17) with its events in order.
    public static func play(calendar: WorkingCalendar, categories: CategoryCatalog) -> [(incident: Incident, events: [IncidentEvent])] {
        let lifecycle = Lifecycle(calendar: calendar)
        let worker = Actor(uid: 1002, name: "网格员")
        return cases.enumerated().map { index, script in
            let cell = CellCode(script.cell)!
            let (opened, first) = lifecycle.open(
                report: Report(category: script.category, title: script.title, place: .cell(script.cell), channel: script.channel),
                placement: .inCell(cell, method: .cell), category: categories[script.category]!, policy: policy,
                now: script.created, actor: worker, source: .socket, waits: script.waits)
            var incident = opened
            incident.id = Int64(index + 1)
            var events = [first]
            func fire(through end: Timestamp) {
                while let timer = incident.timers.nextTimer, timer.at <= end,
                    let step = lifecycle.fire(timer, on: incident, now: timer.at)
                {
                    incident = step.incident
                    events += step.events
                }
            }
            for action in script.actions {
                fire(through: action.at)
                let command = resolved(action.command, categories: categories, policy: escalationPolicy)
                let step = try! lifecycle.apply(command, to: incident, by: worker, note: action.note, now: action.at)
                incident = step.incident
                events += step.events
            }
            fire(through: reportTime)
            return (incident, events.map { event in
                var event = event
                event.incidentID = incident.id
                return event
            })
        }
    }
}
