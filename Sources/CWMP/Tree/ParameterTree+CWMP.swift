extension ParameterTree {
    /// The parameters an Inform reports (values and types; writability unknown).
    public init(inform: Inform, file: String? = nil) {
        self.init(parameterValues: inform.parameters, file: file)
    }

    /// The parameters of a GetParameterValuesResponse or SetParameterValues.
    public init(parameterValues: [ParameterValue], file: String? = nil) {
        self.init()
        for p in parameterValues where !p.name.isEmpty {
            insert(
                ParameterEntry(
                    path: p.name,
                    value: p.value?.raw,
                    type: p.value?.type,
                    typeSpelling: p.value?.typeSpelling,
                    location: TreeLocation(file: file, line: p.line)
                )
            )
        }
    }

    /// The names of a GetParameterNamesResponse: objects end in `.`, values unknown.
    public init(parameterInfo: [ParameterInfo], file: String? = nil) {
        self.init()
        for p in parameterInfo where !p.name.isEmpty {
            insert(
                ParameterEntry(
                    path: p.name,
                    writable: p.writable,
                    isObject: p.name.hasSuffix("."),
                    location: TreeLocation(file: file, line: p.line)
                )
            )
        }
    }

    /// The tree a message carries: Inform, GetParameterValuesResponse, GetParameterNamesResponse
    /// or SetParameterValues; nil for other messages.
    public init?(envelope: CWMPEnvelope, file: String? = nil) {
        switch envelope.body {
        case .inform(let m): self.init(inform: m, file: file)
        case .getParameterValuesResponse(let m): self.init(parameterValues: m.parameters, file: file)
        case .setParameterValues(let m): self.init(parameterValues: m.parameters, file: file)
        case .getParameterNamesResponse(let m): self.init(parameterInfo: m.parameters, file: file)
        default: return nil
        }
    }

    /// The parameters with known values, as ParameterValueStructs (for rendering an Inform or GPV).
    public var parameterValues: [ParameterValue] {
        entries.compactMap { e in
            guard !e.isObject, let value = e.value else { return nil }
            return ParameterValue(
                name: e.path,
                value: CWMPValue(value, type: e.type ?? .string, typeSpelling: e.typeSpelling)
            )
        }
    }

    /// Every entry as a ParameterInfoStruct (for rendering a GPN response).
    public var parameterInfo: [ParameterInfo] {
        entries.map { ParameterInfo(name: $0.path, writable: $0.writable ?? false) }
    }
}
