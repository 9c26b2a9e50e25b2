/// `[Evaluation]`: how reports score and rank units (see docs/CONFIG.md, docs/REPORTS.md).
public struct EvaluationSettings: Sendable, Equatable {
    /// `Weights=`: the weights of the composite score 综合指标 (default `on_time=60 close=30 rework=10`).
    public var weights: EvaluationWeights
    /// `Target=`: the on-time rate (按期结案率) a unit is held to, as a fraction (`90%` is 0.9);
    /// the HTML report draws it as a line on the on-time chart. Nil: no target, no line.
    public var target: Double?

    public init(weights: EvaluationWeights = .standard, target: Double? = nil) {
        self.weights = weights
        self.target = target
    }

    /// Parses `Target=`: a percentage above 0 and at most 100, with or without `%` (`90%`,
    /// `92.5%`, `90`), as a fraction. The error says what is wrong, for `gridd --check-config`.
    public static func parseTarget(_ text: String) -> Result<Double, GridError> {
        var number = Substring(ConfigText.trim(text))
        if number.hasSuffix("%") { number = number.dropLast() }
        let plain = !number.isEmpty && number.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "." } && number.filter { $0 == "." }.count <= 1
        guard plain, let percent = Double(number), percent > 0, percent <= 100 else {
            return .failure(GridError(.invalidField, "expected a percentage above 0 and at most 100, e.g. 90%"))
        }
        return .success(percent / 100)
    }
}

extension GridConfigLoader {
    public static let evaluationKeys = ConfigSchema.keys("Evaluation")
}

extension GridConfigFileLoader {
    /// `[Evaluation]`: `Weights=` (`EvaluationWeights.parse`) and `Target=` (`parseTarget`); an
    /// empty value resets either to the default (standard weights, no target).
    mutating func loadEvaluation(_ sections: [IniSection]) -> EvaluationSettings {
        var settings = EvaluationSettings()
        for section in sections {
            for entry in section.entries {
                guard known(entry, in: section, keys: GridConfigLoader.evaluationKeys) else { continue }
                if entry.key == "Target" {
                    switch entry.value.isEmpty ? .success(nil) : EvaluationSettings.parseTarget(entry.value).map(Optional.some) {
                    case .success(let target): settings.target = target
                    case .failure(let error): problem(entry.line, "Target=\(entry.value): \(error.message)")
                    }
                    continue
                }
                if entry.value.isEmpty {
                    settings.weights = .standard
                    continue
                }
                switch EvaluationWeights.parse(entry.value) {
                case .success(let weights): settings.weights = weights
                case .failure(let error): problem(entry.line, "Weights=\(entry.value): \(error.message)")
                }
            }
        }
        return settings
    }
}
