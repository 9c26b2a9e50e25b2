/// The code of an administrative unit at one tier: a community (12 digits), a street (9 digits),
/// a district (6 digits, GB/T 2260 county level) or a city (6 digits ending in 00).
/// The length and shape of the code tell the tier, and a unit contains every unit whose code
/// extends its own, so "a street user may act on incidents in its communities" is a prefix test.
public struct UnitCode: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String

    init(unchecked rawValue: String) { self.rawValue = rawValue }

    public init(validating text: String) throws(CodeError) {
        switch text.utf8.count {
        case 12:
            try UnitCode.checkDigits(text, count: 12, what: "community code")
            try UnitCode.checkCounty(text, what: "community code")
            let utf8 = Array(text.utf8)
            if utf8[6..<9].allSatisfy({ $0 == UInt8(ascii: "0") }) || utf8[9..<12].allSatisfy({ $0 == UInt8(ascii: "0") }) {
                throw CodeError("community code \(text): street and community parts must not be 000")
            }
        case 9:
            try UnitCode.checkDigits(text, count: 9, what: "street code")
            try UnitCode.checkCounty(text, what: "street code")
            if text.hasSuffix("000") { throw CodeError("street code \(text): street part must not be 000") }
        case 6:
            try UnitCode.checkDigits(text, count: 6, what: "district or city code")
            if text.hasPrefix("00") || text.hasSuffix("0000") {
                throw CodeError("unit code \(text): not a district or city code (GB/T 2260)")
            }
        default:
            throw CodeError("unit code \(text.debugDescription): expected 6 (district or city), 9 (street) or 12 (community) digits")
        }
        rawValue = text
    }

    public init?(_ text: String) {
        guard let code = try? UnitCode(validating: text) else { return nil }
        self = code
    }

    /// The tier this unit stands at, read from the shape of its code.
    public var tier: Tier {
        switch rawValue.utf8.count {
        case 12: return .community
        case 9: return .street
        default: return rawValue.hasSuffix("00") ? .city : .district
        }
    }

    /// The unit one tier up, or nil for a city.
    public var parent: UnitCode? {
        switch tier {
        case .community: return UnitCode(unchecked: String(rawValue.prefix(9)))
        case .street: return UnitCode(unchecked: String(rawValue.prefix(6)))
        case .district: return UnitCode(unchecked: String(rawValue.prefix(4)) + "00")
        case .city: return nil
        }
    }

    /// The unit at `tier` that contains this one (itself at its own tier); nil below its tier.
    public func ancestor(at tier: Tier) -> UnitCode? {
        var unit: UnitCode? = self
        while let current = unit, current.tier < tier { unit = current.parent }
        guard let found = unit, found.tier == tier else { return nil }
        return found
    }

    /// Whether `other` is this unit or lies inside it.
    public func contains(_ other: UnitCode) -> Bool {
        other.ancestor(at: tier) == self
    }

    /// Whether the cell lies inside this unit.
    public func contains(_ cell: CellCode) -> Bool {
        cell.unit(at: tier) == self
    }

    public var description: String { rawValue }
    public static func < (lhs: UnitCode, rhs: UnitCode) -> Bool { lhs.rawValue < rhs.rawValue }

    // These run for every code decoded (reports, and every row the store reads back), so they
    // look at the UTF-8 bytes directly instead of slicing Strings.

    static func checkDigits(_ text: String, count: Int, what: @autoclosure () -> String) throws(CodeError) {
        var digits = 0
        var valid = true
        for byte in text.utf8 {
            digits += 1
            if byte < UInt8(ascii: "0") || byte > UInt8(ascii: "9") { valid = false }
        }
        guard valid, digits == count else {
            throw CodeError("\(what()) \(text.debugDescription): expected \(count) digits")
        }
    }

    /// The first 6 digits must be a county-level division: neither starting nor ending in 00.
    static func checkCounty(_ text: String, what: @autoclosure () -> String) throws(CodeError) {
        var bytes = (UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0))
        var index = 0
        for byte in text.utf8 {
            switch index {
            case 0: bytes.0 = byte
            case 1: bytes.1 = byte
            case 4: bytes.4 = byte
            case 5: bytes.5 = byte
            default: break
            }
            index += 1
            if index == 6 { break }
        }
        let zero = UInt8(ascii: "0")
        if (bytes.0 == zero && bytes.1 == zero) || (bytes.4 == zero && bytes.5 == zero) {
            throw CodeError("\(what()) \(text): first 6 digits \(text.prefix(6)) are not a county-level division (GB/T 2260)")
        }
    }
}
