import CWMP
import FerruleJSON

/// One file's entry in `ferrule cwmp parse --format json`.
struct ParseReport: Encodable {
    struct ErrorInfo: Encodable {
        var code: String
        var message: String
        var line: Int?
        var column: Int?
        var elementPath: String?
    }

    var file: String
    var ok: Bool
    var parsed: ParsedMessage?
    var error: ErrorInfo?

    enum CodingKeys: String, CodingKey {
        case file, ok, empty, encoding, namespace, cwmpVersion, header, method, body, warnings, error
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(ok, forKey: .ok)
        if let error {
            try c.encode(error, forKey: .error)
            return
        }
        guard let parsed else { return }
        try c.encode(parsed.encoding, forKey: .encoding)
        switch parsed.message {
        case .empty:
            try c.encode(true, forKey: .empty)
            try c.encodeNil(forKey: .namespace)
            try c.encodeNil(forKey: .cwmpVersion)
            try c.encodeNil(forKey: .header)
            try c.encodeNil(forKey: .method)
            try c.encodeNil(forKey: .body)
        case .envelope(let envelope):
            try c.encode(false, forKey: .empty)
            try c.encode(envelope.namespace, forKey: .namespace)
            try c.encode(envelope.version?.rawValue, forKey: .cwmpVersion)
            try c.encode(envelope.header, forKey: .header)
            try c.encode(envelope.body.methodName, forKey: .method)
            try envelope.body.payload.encode(to: c.superEncoder(forKey: .body))
        }
        try c.encode(parsed.warnings, forKey: .warnings)
    }
}

extension ParseReport {
    /// What `encoder.encode(self)` gives, built faster for the messages that make reports large.
    ///
    /// The parameter list of a GetParameterValuesResponse or GetParameterNamesResponse (tens of
    /// thousands of entries in a full dump, nearly all of the output) is built as ``JSONValue``
    /// directly; everything else goes through `Encodable` as before. The members are the ones the
    /// `Encodable` conformances write (`name`, `type`, `value` with the same redaction; `name`,
    /// `writable`), so the printed bytes are the same.
    func jsonValue(using encoder: JSONValueEncoder, redact: Bool) throws -> JSONValue {
        guard error == nil, let parsed, case .envelope(let envelope) = parsed.message else {
            return try encoder.encode(self)
        }
        let parameters: JSONValue
        let emptied: CWMPBody
        switch envelope.body {
        case .getParameterValuesResponse(let response):
            parameters = .array(response.parameters.map { Self.jsonValue($0, redact: redact) })
            emptied = .getParameterValuesResponse(GetParameterValuesResponse(parameters: []))
        case .getParameterNamesResponse(let response):
            parameters = .array(
                response.parameters.map { .object([("name", .string($0.name)), ("writable", .bool($0.writable))]) }
            )
            emptied = .getParameterNamesResponse(GetParameterNamesResponse(parameters: []))
        default:
            return try encoder.encode(self)
        }
        // The rest of the report through Encodable, with the list left empty, then the list put in.
        var rest = self
        rest.parsed?.message = .envelope(
            CWMPEnvelope(namespace: envelope.namespace, header: envelope.header, body: emptied)
        )
        guard case .object(var members) = try encoder.encode(rest),
            let body = members.firstIndex(where: { $0.0 == "body" })
        else { return try encoder.encode(self) }
        members[body].1 = .object([("parameters", parameters)])
        return .object(members)
    }

    /// One `ParameterValueStruct` as `ParameterValue.encode(to:)` writes it.
    private static func jsonValue(_ parameter: ParameterValue, redact: Bool) -> JSONValue {
        guard let value = parameter.value else {
            return .object([("name", .string(parameter.name)), ("type", .null), ("value", .null)])
        }
        let shown = redact && SecretParameters.isSecret(parameter.name) ? Redaction.marker : value.raw
        return .object([
            ("name", .string(parameter.name)), ("type", .string(value.type.xsdName)), ("value", .string(shown)),
        ])
    }
}
