/// A 15-digit grid cell code (单元网格编码): 6 digits of county-level division (GB/T 2260),
/// 3 of street or township, 3 of community or village, 3 of cell sequence.
public struct CellCode: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String

    /// Validates `text` as a cell code; the error says what is wrong with it.
    public init(validating text: String) throws(CodeError) {
        try UnitCode.checkDigits(text, count: 15, what: "cell code")
        try UnitCode.checkCounty(text, what: "cell code")
        let utf8 = Array(text.utf8)
        if utf8[6..<9].allSatisfy({ $0 == UInt8(ascii: "0") }) {
            throw CodeError("cell code \(text): street part (digits 7–9) is 000")
        }
        if utf8[9..<12].allSatisfy({ $0 == UInt8(ascii: "0") }) {
            throw CodeError("cell code \(text): community part (digits 10–12) is 000")
        }
        if utf8[12..<15].allSatisfy({ $0 == UInt8(ascii: "0") }) {
            throw CodeError("cell code \(text): cell sequence (digits 13–15) is 000")
        }
        rawValue = text
    }

    public init?(_ text: String) {
        guard let code = try? CellCode(validating: text) else { return nil }
        self = code
    }

    /// The community (first 12 digits) that owns the cell.
    public var community: UnitCode { UnitCode(unchecked: String(rawValue.prefix(12))) }
    public var street: UnitCode { UnitCode(unchecked: String(rawValue.prefix(9))) }
    public var district: UnitCode { UnitCode(unchecked: String(rawValue.prefix(6))) }
    public var city: UnitCode { UnitCode(unchecked: String(rawValue.prefix(4)) + "00") }

    /// The unit responsible for this cell at `tier`.
    public func unit(at tier: Tier) -> UnitCode {
        switch tier {
        case .community: return community
        case .street: return street
        case .district: return district
        case .city: return city
        }
    }

    public var description: String { rawValue }
    public static func < (lhs: CellCode, rhs: CellCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A code that failed validation, with a message naming the code and the problem.
public struct CodeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
