/// The filter fields that `list`, `tail` and `report` share — a unit at any level, a tier, a
/// category code — decoded once, with one wording for each refusal.
extension FieldReader {
    /// An optional unit code (6, 9 or 12 digits: district, street, community).
    public func optionalUnit(_ name: String = "unit") throws(GridError) -> UnitCode? {
        guard let text = try optionalString(name) else { return nil }
        guard let unit = UnitCode(text) else {
            throw GridError(.invalidField, "\(name) \(text.debugDescription) is not a unit code (6, 9 or 12 digits)")
        }
        return unit
    }

    /// An optional tier by name (community, street, district, city).
    public func optionalTier(_ name: String = "tier") throws(GridError) -> Tier? {
        guard let text = try optionalString(name) else { return nil }
        guard let tier = Tier(name: text) else {
            throw GridError(.invalidField, "\(name) \(text.debugDescription) is not one of community, street, district, city")
        }
        return tier
    }

    /// An optional category code (4 digits, neither pair 00); whether the city has it is not checked here.
    public func optionalCategoryCode(_ name: String = "category") throws(GridError) -> String? {
        guard let text = try optionalString(name) else { return nil }
        guard Category.isWellFormedCode(text) else {
            throw GridError(.invalidField, "\(name) \(text.debugDescription) is not a category code (4 digits, neither pair 00)")
        }
        return text
    }
}
