extension ParameterTree {
    /// The parameters an Inform reports (values and types; writability unknown). A parameter
    /// reported twice keeps its last copy, as GenieACS 1.2.16 stores it (lib/session.ts:177-187, 236-249).
    public init(inform: Inform, file: String? = nil) {
        self = Self.reading(parameterValues: inform.parameters, source: .inform, file: file).tree
    }

    /// The parameters of a GetParameterValuesResponse or SetParameterValues. A parameter reported
    /// twice keeps its first copy, as GenieACS 1.2.16 stores a GetParameterValuesResponse
    /// (lib/session.ts:2533-2543).
    public init(parameterValues: [ParameterValue], file: String? = nil) {
        self = Self.reading(parameterValues: parameterValues, source: .getParameterValuesResponse, file: file).tree
    }

    /// The names of a GetParameterNamesResponse: objects end in `.`, values unknown.
    public init(parameterInfo: [ParameterInfo], file: String? = nil) {
        self = Self.reading(parameterInfo: parameterInfo, file: file).tree
    }

    /// The tree a message carries: Inform, GetParameterValuesResponse, GetParameterNamesResponse
    /// or SetParameterValues; nil for other messages.
    public init?(envelope: CWMPEnvelope, file: String? = nil) {
        guard let read = Self.reading(envelope: envelope, file: file) else { return nil }
        self = read.tree
    }

    /// The tree a message carries (see ``init(envelope:file:)``) and the parameters it reports
    /// more than once, each with every copy and its line and column.
    public static func reading(envelope: CWMPEnvelope, file: String? = nil)
        -> (tree: ParameterTree, repeats: [RepeatedParameter])?
    {
        switch envelope.body {
        case .inform(let m): reading(parameterValues: m.parameters, source: .inform, file: file)
        case .getParameterValuesResponse(let m):
            reading(parameterValues: m.parameters, source: .getParameterValuesResponse, file: file)
        case .setParameterValues(let m): reading(parameterValues: m.parameters, source: .setParameterValues, file: file)
        case .getParameterNamesResponse(let m): reading(parameterInfo: m.parameters, file: file)
        default: nil
        }
    }

    static func reading(parameterValues: [ParameterValue], source: RepeatedParameter.Source, file: String?)
        -> (tree: ParameterTree, repeats: [RepeatedParameter])
    {
        var builder = RepeatTrackingBuilder(source: source)
        // Names GenieACS cannot parse as paths are dropped there (lib/soap.ts:202-210), and here.
        for p in parameterValues where !p.name.isEmpty && GenieACSPath.parses(p.name) {
            builder.add(
                ParameterEntry(
                    path: p.name,
                    value: p.value?.raw,
                    type: p.value?.type,
                    typeSpelling: p.value?.typeSpelling,
                    location: TreeLocation(file: file, line: p.line, column: p.column)
                )
            )
        }
        return (builder.tree, builder.repeats)
    }

    static func reading(parameterInfo: [ParameterInfo], file: String?)
        -> (tree: ParameterTree, repeats: [RepeatedParameter])
    {
        var builder = RepeatTrackingBuilder(source: .getParameterNamesResponse)
        // Names GenieACS cannot parse as paths are dropped there (lib/soap.ts:117-129), and here.
        for p in parameterInfo where !p.name.isEmpty && GenieACSPath.parsesObjectOrParameter(p.name) {
            builder.add(
                ParameterEntry(
                    path: p.name,
                    writable: p.writable,
                    isObject: p.name.hasSuffix("."),
                    location: TreeLocation(file: file, line: p.line, column: p.column)
                )
            )
        }
        return (builder.tree, builder.repeats)
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
