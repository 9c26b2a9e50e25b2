/// A cell of the map with its optional name (e.g. 花园社区第3网格), for display.
public struct CellInfo: Sendable, Equatable {
    public var code: CellCode
    public var name: String?
    public init(code: CellCode, name: String?) {
        self.code = code
        self.name = name
    }
}
