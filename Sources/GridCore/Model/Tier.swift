/// The territorial tiers an incident climbs when a tier misses its deadline:
/// community (社区) → street (街道) → district (区/县) → city (市).
public enum Tier: Int, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case community = 1
    case street = 2
    case district = 3
    case city = 4

    public init?(name: String) {
        switch name.lowercased() {
        case "community", "社区": self = .community
        case "street", "街道": self = .street
        case "district", "区", "县": self = .district
        case "city", "市": self = .city
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .community: return "community"
        case .street: return "street"
        case .district: return "district"
        case .city: return "city"
        }
    }

    public var chineseName: String {
        switch self {
        case .community: return "社区"
        case .street: return "街道"
        case .district: return "区"
        case .city: return "市"
        }
    }

    /// The next tier up, or nil at the top.
    public var next: Tier? { Tier(rawValue: rawValue + 1) }

    public var description: String { name }

    public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rawValue < rhs.rawValue }
}
