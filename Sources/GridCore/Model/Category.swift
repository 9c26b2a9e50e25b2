/// A kind of incident in the national urban-management style: a 4-digit code of major class
/// (大类, first 2 digits) and minor class (小类, last 2), e.g. `0102` 暴露垃圾 under `01` 市容环境.
/// The category decides where an incident starts and, with the priority, its deadlines.
public struct Category: Sendable, Equatable {
    public var code: String
    /// The minor class name, e.g. 暴露垃圾.
    public var name: String
    /// The major class name, e.g. 市容环境.
    public var majorName: String
    /// The tier an incident of this category is dispatched to first (emergencies may start at street).
    public var startTier: Tier
    /// The priority a report gets when it names none.
    public var defaultPriority: Priority
    /// The department responsible at each tier, where the config names one (e.g. 城管执法中队).
    public var departments: [Tier: String]

    public init(
        code: String, name: String, majorName: String, startTier: Tier = .community,
        defaultPriority: Priority = .normal, departments: [Tier: String] = [:]
    ) {
        self.code = code
        self.name = name
        self.majorName = majorName
        self.startTier = startTier
        self.defaultPriority = defaultPriority
        self.departments = departments
    }

    /// The major class code (first two digits).
    public var majorCode: String { String(code.prefix(2)) }

    /// Whether `text` has the shape of a category code: 4 digits, major and minor not 00.
    public static func isWellFormedCode(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        return utf8.count == 4 && utf8.allSatisfy { (48...57).contains($0) } && !text.hasPrefix("00")
            && !text.hasSuffix("00")
    }
}

/// The categories the daemon accepts, by code.
public struct CategoryCatalog: Sendable, Equatable {
    public private(set) var categories: [String: Category] = [:]

    public init(_ categories: [Category] = []) {
        for category in categories { self.categories[category.code] = category }
    }

    public subscript(code: String) -> Category? { categories[code] }

    public var sorted: [Category] { categories.values.sorted { $0.code < $1.code } }
}
