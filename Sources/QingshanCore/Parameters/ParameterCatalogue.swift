/// The parameters Qingshan knows, looked up by code or alias, case-insensitively.
public struct ParameterCatalogue: Sendable {
    public private(set) var parameters: [Parameter]
    private var index: [String: Int]

    public init(_ parameters: [Parameter]) {
        self.parameters = []
        self.index = [:]
        for parameter in parameters { add(parameter) }
    }

    /// Adds a parameter, or replaces the one with the same code (a profile may override the built-ins).
    public mutating func add(_ parameter: Parameter) {
        if let existing = index[parameter.code.lowercased()], parameters[existing].code == parameter.code {
            for alias in parameters[existing].aliases { index[alias.lowercased()] = nil }
            parameters[existing] = parameter
            register(parameter, at: existing)
        } else {
            parameters.append(parameter)
            register(parameter, at: parameters.count - 1)
        }
    }

    private mutating func register(_ parameter: Parameter, at position: Int) {
        // A code always wins over another parameter's alias of the same spelling.
        index[parameter.code.lowercased()] = position
        for alias in parameter.aliases where index[alias.lowercased()] == nil {
            index[alias.lowercased()] = position
        }
    }

    /// The parameter with this code or alias (`a34004`, `pm25`, `PM2.5`, `011`).
    public func parameter(for codeOrAlias: String) -> Parameter? {
        index[codeOrAlias.lowercased()].map { parameters[$0] }
    }

    /// The catalogue code for a code or alias, without copying the parameter (the gateway asks for every value).
    public func code(for codeOrAlias: String) -> String? {
        (index[codeOrAlias] ?? index[codeOrAlias.lowercased()]).map { parameters[$0].code }
    }

    /// The catalogue every store starts with; see `ParameterCatalogue+Standard.swift`.
    public static let standard = ParameterCatalogue(standardParameters)
}
