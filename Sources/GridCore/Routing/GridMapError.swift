/// Everything wrong with a grid map file, found in one pass, so that an operator fixing
/// `Config/grid.geojson` sees every problem at once instead of one per reload.
public struct GridMapError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the map came from (a path), prefixed to every line of the description.
    public var source: String
    public var problems: [GridMapProblem]

    public init(source: String, problems: [GridMapProblem]) {
        self.source = source
        self.problems = problems
    }

    /// One line per problem: `source: feature 12 (cell 320506001001003): ring 0 is not closed`.
    public var description: String {
        problems.map { "\(source): \($0)" }.joined(separator: "\n")
    }
}

/// One problem in a grid map: the feature it is in (when it is in one) and what is wrong.
public struct GridMapProblem: Sendable, Equatable, CustomStringConvertible {
    /// The 0-based index of the feature in the FeatureCollection; nil for the document as a whole.
    public var feature: Int?
    /// The feature's `cell` property as written, when it is a string.
    public var cell: String?
    public var message: String

    public init(feature: Int?, cell: String?, message: String) {
        self.feature = feature
        self.cell = cell
        self.message = message
    }

    public var description: String {
        guard let feature else { return message }
        if let cell { return "feature \(feature) (cell \(cell)): \(message)" }
        return "feature \(feature): \(message)"
    }
}
