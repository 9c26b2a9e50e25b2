/// A named unit of the map (community, street or district), as the map's features name it, so
/// that routing output and the CLI can say 花园社区 rather than only 320506001001.
public struct UnitInfo: Sendable, Equatable {
    public var code: UnitCode
    public var name: String
    public init(code: UnitCode, name: String) {
        self.code = code
        self.name = name
    }
}
