/// The weights of the composite score (综合指标), `[Evaluation] Weights=`: how much the on-time
/// rate 按期结案率, the close rate 结案率 and 1 − the rework rate 返工率 count. The default is the
/// common vendor formula 按期×60 + 结案×30 + (1 − 返工)×10.
///
/// The score of a row is Σ wᵢ·rateᵢ over the rates it has, ÷ Σ wᵢ of those, × 100 (points out of
/// 100): a rate that is absent (empty denominator) is left out rather than taken as 0 or 100%,
/// and the weights of the others are scaled up to fill its place. The rework part is
/// 1 − rework_rate, at least 0 (a month can see more reopens than resolves). A row without an
/// on-time or close rate has no score (rework alone says nothing of what was done), nor one whose
/// present rates all weigh 0.
public struct EvaluationWeights: Sendable, Equatable, CustomStringConvertible {
    public var onTime: Int
    public var close: Int
    public var rework: Int

    public init(onTime: Int, close: Int, rework: Int) {
        self.onTime = onTime
        self.close = close
        self.rework = rework
    }

    public static let standard = EvaluationWeights(onTime: 60, close: 30, rework: 10)
    /// The names of `Weights=`, in order.
    public static let names = ["on_time", "close", "rework"]
    /// A bound that keeps every sum far from overflow and is more than any city needs.
    public static let maximum = 1_000_000

    /// `on_time=60 close=30 rework=10`.
    public var description: String { "on_time=\(onTime) close=\(close) rework=\(rework)" }

    public var json: JSONValue {
        ["on_time": .int(Int64(onTime)), "close": .int(Int64(close)), "rework": .int(Int64(rework))]
    }

    /// The score of rates (fractions), or nil (see the type's documentation).
    public func score(onTime onTimeRate: Double?, close closeRate: Double?, rework reworkRate: Double?) -> Double? {
        guard onTimeRate != nil || closeRate != nil else { return nil }
        var points = 0.0
        var weight = 0
        if let rate = onTimeRate {
            points += Double(onTime) * rate
            weight += onTime
        }
        if let rate = closeRate {
            points += Double(close) * rate
            weight += close
        }
        if let rate = reworkRate {
            points += Double(rework) * max(0, 1 - rate)
            weight += rework
        }
        guard weight > 0 else { return nil }
        return points * 100 / Double(weight)
    }

    /// Parses `on_time=60 close=30 rework=10`: names among `names`, each at most once, separated
    /// by spaces; values non-negative integers; a name not written weighs 0; the sum more than 0.
    /// The error says what is wrong, for `gridd --check-config`.
    public static func parse(_ text: String) -> Result<EvaluationWeights, GridError> {
        var weights = EvaluationWeights(onTime: 0, close: 0, rework: 0)
        var seen: Set<String> = []
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard !words.isEmpty else { return .failure(GridError(.invalidField, "expected name=weight pairs, e.g. \(standard)")) }
        for word in words {
            guard let equals = word.firstIndex(of: "=") else {
                return .failure(GridError(.invalidField, "\(word.debugDescription) is not name=weight (e.g. on_time=60)"))
            }
            let name = String(word[..<equals])
            let value = String(word[word.index(after: equals)...])
            guard names.contains(name) else {
                let hint = ConfigDiagnostic.closestMatch(to: name, among: names).map { "; did you mean \($0)?" } ?? ""
                return .failure(GridError(.invalidField, "unknown weight \(name.debugDescription): the weights are on_time, close and rework\(hint)"))
            }
            guard seen.insert(name).inserted else {
                return .failure(GridError(.invalidField, "\(name) is given twice"))
            }
            guard !value.isEmpty, value.allSatisfy({ $0.isASCII && $0.isNumber }), let weight = Int(value), weight <= maximum else {
                return .failure(GridError(.invalidField, "\(name)=\(value): expected a whole number from 0 to \(maximum)"))
            }
            switch name {
            case "on_time": weights.onTime = weight
            case "close": weights.close = weight
            default: weights.rework = weight
            }
        }
        guard weights.onTime + weights.close + weights.rework > 0 else {
            return .failure(GridError(.invalidField, "the weights add up to 0: at least one must be more than 0"))
        }
        return .success(weights)
    }
}
