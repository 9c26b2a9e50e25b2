/// How a report reached the centre (`channel` on the wire and in the spool). `[Intake]` says per
/// channel whether a report is registered at once (自动立案) or waits as `reported` 待立案 for an
/// operator; 回访 (`visit`) is for the cases of residents and the hotline.
public enum Channel: String, Sendable, CaseIterable, CustomStringConvertible {
    /// 网格员巡查: found by a grid worker on patrol.
    case patrol
    /// 居民上报: a resident reported it.
    case resident
    /// 12345热线: from the city hotline.
    case hotline
    /// 部门移交: handed over by a department.
    case department
    /// Anything else; what a report without a channel is.
    case other

    public var chineseName: String {
        switch self {
        case .patrol: return "网格员巡查"
        case .resident: return "居民上报"
        case .hotline: return "12345热线"
        case .department: return "部门移交"
        case .other: return "其他"
        }
    }

    /// Whether its closed cases are owed a 回访 (return visit): residents' and the hotline's.
    public var isVisited: Bool { self == .resident || self == .hotline }

    public var description: String { rawValue }
}

/// The result of a 回访 (return visit) to whoever reported a closed case: 满意, 基本满意, 不满意.
/// 满意率 counts satisfied and basic.
public enum VisitResult: String, Sendable, CaseIterable, CustomStringConvertible {
    case satisfied
    case basic
    case unsatisfied

    public var chineseName: String {
        switch self {
        case .satisfied: return "满意"
        case .basic: return "基本满意"
        case .unsatisfied: return "不满意"
        }
    }

    public var description: String { rawValue }
}
