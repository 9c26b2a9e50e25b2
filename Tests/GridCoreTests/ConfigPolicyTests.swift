import XCTest
@testable import GridCore

/// `[Policy]` and `[Policy CODE]`: keys, precedence, validation and the incident snapshot.
final class ConfigPolicyTests: XCTestCase, ConfigSnippetTesting {
    typealias Q = EscalationPolicy.Qualifier

    /// Lines 1–12; policy text starts at line 13.
    static let base = """
        [Grid]
        Map=grid.geojson
        FallbackUnit=320500
        CityCode=320500
        [Category 0102]
        Name=暴露垃圾
        Major=市容环境
        [Category 0401]
        Name=路面塌陷
        Major=突发事件
        StartTier=street
        DefaultPriority=urgent
        """

    func policy(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> EscalationPolicy? {
        config(text, file: file, line: line)?.policy
    }

    static let category0102 = Category(code: "0102", name: "暴露垃圾", majorName: "市容环境")
    static let category0401 = Category(
        code: "0401", name: "路面塌陷", majorName: "突发事件", startTier: .street, defaultPriority: .urgent)

    // MARK: - keys

    func testEveryKeyAndQualifier() throws {
        let policy = try XCTUnwrap(policy("""
            [Policy]
            Ack=2wh
            Resolve=2wd
            Ack.street=1wh30wmin
            Ack.urgent=30wmin
            Ack.street.urgent=20wmin
            Resolve.district=1wd
            Resolve.low=5wd
            Resolve.city.low=3wd
            WarningAt=80%
            ReminderEvery=1wd
            VerifyWithin=4wh
            TopTier=city
            [Policy 0401]
            Ack=30min
            Resolve=4h
            Resolve.district=90s
            WarningAt=0.5
            ReminderEvery=1h
            VerifyWithin=2h
            TopTier=district
            """))
        XCTAssertEqual(policy.defaults, EscalationPolicy.Rules(
            ack: [Q(): .working(7_200_000), Q(tier: .street): .working(5_400_000), Q(priority: .urgent): .working(1_800_000),
                  Q(tier: .street, priority: .urgent): .working(1_200_000)],
            resolve: [Q(): .workingDays(2), Q(tier: .district): .workingDays(1), Q(priority: .low): .workingDays(5),
                      Q(tier: .city, priority: .low): .workingDays(3)],
            warningFraction: 0.8, reminderInterval: .workingDays(1), verificationWindow: .working(14_400_000), topTier: .city))
        XCTAssertEqual(policy.categories, ["0401": EscalationPolicy.Rules(
            ack: [Q(): .calendar(1_800_000)], resolve: [Q(): .calendar(14_400_000), Q(tier: .district): .calendar(90_000)],
            warningFraction: 0.5, reminderInterval: .calendar(3_600_000), verificationWindow: .calendar(7_200_000),
            topTier: .district)])
    }

    func testScalarDefaultsAndCategoryOverrides() throws {
        let policy = try XCTUnwrap(policy("[Policy]\nAck=2wh\nResolve=2wd\n[Policy 0401]\nWarningAt=0\nTopTier=district"))
        XCTAssertEqual(policy.warningFraction(category: "0102"), 0.8)
        XCTAssertEqual(policy.reminderInterval(category: "0102"), .workingDays(1))
        XCTAssertEqual(policy.verificationWindow(category: "0102"), .workingDays(1))
        XCTAssertEqual(policy.topTier(category: "0102"), .city)
        XCTAssertEqual(policy.warningFraction(category: "0401"), 0)
        XCTAssertEqual(policy.topTier(category: "0401"), .district)
        XCTAssertEqual(policy.reminderInterval(category: "0401"), .workingDays(1), "unset in [Policy 0401]: the default")
    }

    func testWarningFractions() {
        let cases: [(String, Double?)] = [
            ("0.8", 0.8), ("80%", 0.8), ("80 %", 0.8), ("0", 0), ("0%", 0), ("12.5%", 0.125), ("0.95", 0.95), (".5", 0.5),
            ("1", nil), ("100%", nil), ("1.5", nil), ("-0.5", nil), ("abc", nil), ("0.8.1", nil), ("%", nil),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(GridConfigFileLoader.fraction(text), expected, text)
        }
    }

    func testEmptyValueResetsAKeyAndRepeatedSectionsMerge() throws {
        let policy = try XCTUnwrap(policy("""
            [Policy]
            Ack=2wh
            Ack.urgent=30wmin
            Ack.urgent=
            WarningAt=0.5
            WarningAt=
            [Policy]
            Resolve=2wd
            [Policy 0401]
            Ack=30min
            [Policy 0401]
            Resolve=4h
            """))
        XCTAssertEqual(policy.window(.ack, category: "0102", tier: .community, priority: .urgent), .working(7_200_000))
        XCTAssertEqual(policy.warningFraction(category: "0102"), 0.8)
        XCTAssertEqual(policy.window(.resolve, category: "0102", tier: .city, priority: .low), .workingDays(2))
        XCTAssertEqual(policy.categories["0401"], EscalationPolicy.Rules(ack: [Q(): .calendar(1_800_000)], resolve: [Q(): .calendar(14_400_000)]))
    }

    func testSourceLinesOfPolicyKeys() throws {
        let config = try load("[Policy]\nAck=2wh\nResolve=2wd\n[Policy 0401]\nAck.street=30min").get()
        XCTAssertEqual(config.sourceLines.line(section: "Policy", key: ""), 13)
        XCTAssertEqual(config.sourceLines.line(section: "Policy", key: "Resolve"), 15)
        XCTAssertEqual(config.sourceLines.line(section: "Policy", argument: "0401", key: "Ack.street"), 17)
    }

    // MARK: - precedence

    /// The eight ranks of the precedence table, for 0102 at street, urgent. Each present rank is
    /// set to `rank` minutes; the case says which rank must win.
    func testPrecedenceTable() {
        let ranks: [Int: (category: Bool, qualifier: Q)] = [
            1: (true, Q(tier: .street, priority: .urgent)), 2: (true, Q(tier: .street)), 3: (true, Q(priority: .urgent)),
            4: (true, Q()), 5: (false, Q(tier: .street, priority: .urgent)), 6: (false, Q(tier: .street)),
            7: (false, Q(priority: .urgent)), 8: (false, Q()),
        ]
        let cases: [(present: [Int], winner: Int?)] = [
            ([1, 2, 3, 4, 5, 6, 7, 8], 1), ([2, 3, 4, 5, 6, 7, 8], 2), ([3, 4, 5, 6, 7, 8], 3), ([4, 5, 6, 7, 8], 4),
            ([5, 6, 7, 8], 5), ([6, 7, 8], 6), ([7, 8], 7), ([8], 8), ([], nil),
            ([4, 5], 4),  // any key of [Policy CODE] beats every [Policy] key
            ([3, 5], 3), ([3, 6], 3), ([2, 3], 2), ([6, 7], 6),  // within a section, a tier beats a priority
            ([1, 8], 1), ([5, 8], 5), ([7], 7), ([6], 6),
        ]
        for (present, winner) in cases {
            var policy = EscalationPolicy()
            for rank in present {
                let (inCategory, qualifier) = ranks[rank]!
                if inCategory {
                    policy.categories["0102", default: .init()].ack[qualifier] = .calendar(Int64(rank) * 60_000)
                } else {
                    policy.defaults.ack[qualifier] = .calendar(Int64(rank) * 60_000)
                }
            }
            // Keys for another tier, priority or category never apply.
            policy.categories["0102", default: .init()].ack[Q(tier: .city, priority: .urgent)] = .calendar(999)
            policy.categories["0102", default: .init()].ack[Q(priority: .low)] = .calendar(998)
            policy.defaults.ack[Q(tier: .district)] = .calendar(997)
            policy.categories["0401", default: .init()].ack[Q()] = .calendar(996)

            let resolved = policy.resolved(.ack, category: "0102", tier: .street, priority: .urgent)
            XCTAssertEqual(resolved?.duration, winner.map { .calendar(Int64($0) * 60_000) }, "present \(present)")
            if let winner {
                let expected = EscalationPolicy.Source(
                    category: ranks[winner]!.category ? "0102" : nil, window: .ack, qualifier: ranks[winner]!.qualifier)
                XCTAssertEqual(resolved?.source, expected, "present \(present)")
            }
            XCTAssertNil(policy.window(.resolve, category: "0102", tier: .street, priority: .urgent))
        }
    }

    func testPrecedenceThroughTheLoader() throws {
        let policy = try XCTUnwrap(policy("""
            [Policy]
            Ack=8min
            Ack.urgent=7min
            Ack.street=6min
            Ack.street.urgent=5min
            Resolve=1h
            [Policy 0401]
            Ack.urgent=3min
            """))
        func ack(_ code: String, _ tier: Tier, _ priority: Priority) -> String? {
            policy.resolved(.ack, category: code, tier: tier, priority: priority).map {
                "\(PolicyDurationSyntax.format($0.duration)) from \($0.source)"
            }
        }
        XCTAssertEqual(ack("0102", .community, .normal), "8min from [Policy] Ack=")
        XCTAssertEqual(ack("0102", .community, .urgent), "7min from [Policy] Ack.urgent=")
        XCTAssertEqual(ack("0102", .street, .low), "6min from [Policy] Ack.street=")
        XCTAssertEqual(ack("0102", .street, .urgent), "5min from [Policy] Ack.street.urgent=")
        XCTAssertEqual(ack("0102", .city, .urgent), "7min from [Policy] Ack.urgent=")
        XCTAssertEqual(ack("0401", .street, .urgent), "3min from [Policy 0401] Ack.urgent=")
        XCTAssertEqual(ack("0401", .street, .normal), "6min from [Policy] Ack.street=")
        XCTAssertEqual(ack("0401", .district, .normal), "8min from [Policy] Ack=")
    }

    // MARK: - snapshot

    func testSnapshotOfAStreetStartCategory() throws {
        let policy = try XCTUnwrap(policy("""
            [Policy]
            Ack=2wh
            Resolve=2wd
            Ack.city=1wh
            Resolve.street.urgent=4wh
            [Policy 0401]
            Ack=30min
            ReminderEvery=1h
            VerifyWithin=4h
            """))
        let urgent = policy.snapshot(category: Self.category0401, priority: .urgent)
        XCTAssertEqual(Set(urgent.windows.keys), [.street, .district, .city], "street to city only")
        XCTAssertEqual(urgent.windows[.street], .init(ack: .calendar(1_800_000), resolve: .working(14_400_000)))
        XCTAssertEqual(urgent.windows[.district], .init(ack: .calendar(1_800_000), resolve: .workingDays(2)))
        XCTAssertEqual(urgent.windows[.city], .init(ack: .calendar(1_800_000), resolve: .workingDays(2)))
        XCTAssertEqual(urgent.topTier, .city)
        XCTAssertEqual(urgent.warningFraction, 0.8)
        XCTAssertEqual(urgent.reminderInterval, .calendar(3_600_000))
        XCTAssertEqual(urgent.verificationWindow, .calendar(14_400_000))
        XCTAssertNil(urgent.windows(at: .community))

        let normal = policy.snapshot(category: Self.category0102, priority: .normal)
        XCTAssertEqual(Set(normal.windows.keys), [.community, .street, .district, .city])
        XCTAssertEqual(normal.windows[.city], .init(ack: .working(3_600_000), resolve: .workingDays(2)))
        XCTAssertEqual(normal.reminderInterval, .workingDays(1))
        // The snapshot survives the stored form.
        XCTAssertEqual(IncidentPolicy(json: urgent.json), urgent)
    }

    func testSnapshotStopsAtTheTopTier() throws {
        let policy = try XCTUnwrap(policy("[Policy]\nAck=2wh\nResolve=2wd\nTopTier=district\n[Policy 0401]\nTopTier=city"))
        let community = policy.snapshot(category: Self.category0102, priority: .low)
        XCTAssertEqual(Set(community.windows.keys), [.community, .street, .district])
        XCTAssertEqual(community.topTier, .district)
        let street = policy.snapshot(category: Self.category0401, priority: .low)
        XCTAssertEqual(Set(street.windows.keys), [.street, .district, .city])
        XCTAssertEqual(street.topTier, .city)
        XCTAssertEqual(policy.tiers(of: Self.category0401), [.street, .district, .city])
    }

    func testEmptyPolicySnapshotHasNoWindows() {
        let snapshot = EscalationPolicy().snapshot(category: Self.category0102, priority: .normal)
        XCTAssertEqual(snapshot.windows, [:])
        XCTAssertEqual(snapshot.topTier, .city)
    }

    // MARK: - diagnostics

    func testMissingPolicySection() {
        XCTAssertEqual(problems(""), ["c.conf: missing section [Policy] (it sets the default windows, e.g. Ack=2wh and Resolve=2wd)"])
    }

    func testPolicyForUnknownOrMalformedCategory() {
        XCTAssertEqual(problems("""
            [Policy]
            Ack=2wh
            Resolve=2wd
            [Policy 0405]
            Ack=30min
            [Policy 9999]
            Ack=30min
            [Policy 01x2]
            Akc=1h
            """), [
            "c.conf:16: [Policy 0405]: no category 0405 is configured; did you mean [Policy 0401]? (a [Policy CODE] section overrides the policy of one [Category CODE])",
            "c.conf:18: [Policy 9999]: no category 9999 is configured (a [Policy CODE] section overrides the policy of one [Category CODE])",
            "c.conf:20: [Policy 01x2]: category code \"01x2\": expected 4 digits, major and minor class not 00 (e.g. [Policy 0401])",
            "c.conf:21: unknown key Akc= in [Policy 01x2]; did you mean Ack=?",
        ])
    }

    func testUnknownKeysAndQualifiers() {
        XCTAssertEqual(problems("""
            [Policy]
            Ack=2wh
            Resolve=2wd
            Ack.stret=1wh
            Ack.urgent.street=1wh
            Ack.street.city=1wh
            Ack.urgent.low=1wh
            Ack.street.urgent.x=1wh
            Resolv.street=1wd
            Ack.Street=1wh
            Ack.hurry=1wh
            WarningAt.urgent=0.5
            TopTier.street=city
            Map=grid.geojson
            Colour=blue
            Ack.=1h
            """), [
            "c.conf:16: unknown key Ack.stret= in [Policy]: \"stret\" is neither a tier (community, street, district, city) nor a priority (urgent, normal, low); did you mean Ack.street=?",
            "c.conf:17: unknown key Ack.urgent.street= in [Policy]: write the tier before the priority: Ack.street.urgent=",
            "c.conf:18: unknown key Ack.street.city= in [Policy]: a window key takes at most a tier and a priority, tier first (e.g. Ack.street.urgent=)",
            "c.conf:19: unknown key Ack.urgent.low= in [Policy]: a window key takes at most a tier and a priority, tier first (e.g. Ack.street.urgent=)",
            "c.conf:20: unknown key Ack.street.urgent.x= in [Policy]: a window key takes at most a tier and a priority, tier first (e.g. Ack.street.urgent=)",
            "c.conf:21: unknown key Resolv.street= in [Policy]; did you mean Resolve.street=?",
            "c.conf:22: unknown key Ack.Street= in [Policy]: \"Street\" is neither a tier (community, street, district, city) nor a priority (urgent, normal, low); did you mean Ack.street=?",
            "c.conf:23: unknown key Ack.hurry= in [Policy]: \"hurry\" is neither a tier (community, street, district, city) nor a priority (urgent, normal, low)",
            "c.conf:24: unknown key WarningAt.urgent= in [Policy]: WarningAt= takes no tier or priority (set it per category in [Policy CODE])",
            "c.conf:25: unknown key TopTier.street= in [Policy]: TopTier= takes no tier or priority (set it per category in [Policy CODE])",
            "c.conf:26: unknown key Map= in [Policy]; it belongs in [Grid]",
            "c.conf:27: unknown key Colour= in [Policy] (known keys: Ack=, Resolve=, Case=, Register=, WarningAt=, ReminderEvery=, Verify=, VerifyWithin=, TopTier=; Ack= and Resolve= take .tier, .priority or .tier.priority, Case= and Register= a .priority)",
            "c.conf:28: unknown key Ack.= in [Policy]: \"\" is neither a tier (community, street, district, city) nor a priority (urgent, normal, low)",
        ])
        // A window key in another section points here.
        XCTAssertEqual(problems("[Policy]\nAck=2wh\nResolve=2wd\n[Limits]\nAck.street=1h"), [
            "c.conf:17: unknown key Ack.street= in [Limits]; it belongs in [Policy]"
        ])
    }

    func testBadValues() {
        XCTAssertEqual(problems("""
            [Policy]
            Ack=2wh
            Resolve=2wd
            Ack.street=0
            Resolve.city=1h2wh
            Resolve.district=1wd4wh
            Ack.city=-5min
            Ack.urgent=1.5wd
            Resolve.low=2 fortnights
            WarningAt=1
            WarningAt=100%
            WarningAt=eighty
            ReminderEvery=0wh
            VerifyWithin=
            VerifyWithin=soon
            TopTier=street
            TopTier=cty
            """), [
            "c.conf:16: Ack.street=0: expected a duration greater than zero",
            "c.conf:17: Resolve.city=1h2wh: duration \"1h2wh\" mixes calendar units (ms, s, min, h, d, w) with working-time units (ws, wmin, wh, wd); a window counts either elapsed time or working time: use one kind",
            "c.conf:18: Resolve.district=1wd4wh: duration \"1wd4wh\" mixes working days (wd) with working hours, minutes or seconds; write it in one unit, e.g. 11wh for 1wd4wh with 7-hour office days",
            "c.conf:19: Ack.city=-5min: negative duration \"-5min\"; expected a duration such as 30s, 500ms, 5min, 2h, 1d or 1h30min",
            "c.conf:20: Ack.urgent=1.5wd: duration \"1.5wd\": 1.5wd is not a whole number of wd",
            "c.conf:21: Resolve.low=2 fortnights: duration \"2 fortnights\": unknown unit \"fortnights\"; units are ms, s, min, h, d, w, wms, ws, wmin, wh, wd",
            "c.conf:22: WarningAt=1: expected a fraction of the window below 1, such as 0.8 or 80% (0 disables the warning)",
            "c.conf:23: WarningAt=100%: expected a fraction of the window below 1, such as 0.8 or 80% (0 disables the warning)",
            "c.conf:24: WarningAt=eighty: expected a fraction of the window below 1, such as 0.8 or 80% (0 disables the warning)",
            "c.conf:25: ReminderEvery=0wh: expected a duration greater than zero",
            "c.conf:27: VerifyWithin=soon: invalid duration \"soon\"; expected a duration such as 30s, 500ms, 5min, 2h, 1d or 1h30min",
            "c.conf:28: TopTier=street: expected district or city (the highest tier an incident climbs to)",
            "c.conf:29: TopTier=cty: expected district or city (the highest tier an incident climbs to); did you mean city?",
        ])
    }

    func testMissingWindowsAreReportedPerGap() {
        // No Resolve= at all: one message for both categories, at the [Policy] header.
        XCTAssertEqual(problems("[Policy]\nAck=2wh"), [
            "c.conf:13: no Resolve= window at any tier for categories 0102, 0401; set Resolve= in [Policy]"
        ])
        // Gaps at some tiers and priorities.
        XCTAssertEqual(problems("""
            [Policy]
            Ack=2wh
            Resolve.community=2wd
            Resolve.street=1wd
            Resolve.district.urgent=4wh
            """), [
            "c.conf:13: no Resolve= window at district.normal, district.low, tier city for categories 0102, 0401; set Resolve= or Resolve.district.normal= in [Policy]"
        ])
        // A category with its own section is reported at that section.
        XCTAssertEqual(problems("""
            [Policy]
            Ack.community=2wh
            Resolve=2wd
            [Policy 0401]
            Ack.street=30min
            """), [
            "c.conf:13: no Ack= window at tier street, tier district, tier city for category 0102; set Ack= or Ack.street= in [Policy]",
            "c.conf:16: no Ack= window for category 0401 (路面塌陷) at tier district, tier city; set Ack= or Ack.district= in [Policy 0401] or [Policy]",
        ])
        // A window that was set and then reset is missing too.
        XCTAssertEqual(problems("[Policy]\nAck=2wh\nResolve=2wd\n[Policy 0401]\nResolve=4h\nTopTier=district\n[Policy]\nAck="), [
            "c.conf:13: no Ack= window at any tier for category 0102; set Ack= in [Policy]",
            "c.conf:16: no Ack= window for category 0401 (路面塌陷) at any tier; set Ack= in [Policy 0401] or [Policy]",
        ])
    }

    func testTopTierBelowStartTierAndWindowsThatNeverApply() {
        XCTAssertEqual(problems("""
            [Category 0801]
            Name=治安隐患
            Major=社会治安
            StartTier=city
            [Policy]
            Ack=2wh
            Resolve=2wd
            TopTier=district
            [Policy 0401]
            Ack.community=10min
            Ack.community.urgent=5min
            Resolve.city=1h
            Resolve.street=1h
            TopTier=district
            """), [
            "c.conf:20: TopTier=district is below StartTier=city of category 0801 (治安隐患); an incident cannot start above its top tier",
            "c.conf:22: Ack.community=: category 0401 (路面塌陷) starts at street (StartTier=), so this window never applies",
            "c.conf:23: Ack.community.urgent=: category 0401 (路面塌陷) starts at street (StartTier=), so this window never applies",
            "c.conf:24: Resolve.city=: the top tier of category 0401 (路面塌陷) is district (TopTier=), so this window never applies",
        ])
    }
}
