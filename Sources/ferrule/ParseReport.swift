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
        guard let (rest, list) = try split(using: encoder) else { return try encoder.encode(self) }
        let parameters: JSONValue
        switch list {
        case .values(let values):
            parameters = .array(values.map { Self.jsonValue($0, redact: redact) })
        case .names(let names):
            parameters = .array(names.map { .object([("name", .string($0.name)), ("writable", .bool($0.writable))]) })
        }
        var members = rest
        if let body = members.firstIndex(where: { $0.0 == "body" }) {
            members[body].1 = .object([("parameters", parameters)])
        }
        return .object(members)
    }

    /// Writes ``jsonValue(using:redact:)`` in the pretty layout into `output` as one array element; the
    /// parameter list of a GetParameterValuesResponse or GetParameterNamesResponse is written
    /// straight from the parsed message, without building a ``JSONValue`` for each parameter.
    func writeElement(to output: JSONStreamWriter, using encoder: JSONValueEncoder, redact: Bool) throws {
        guard let (rest, list) = try split(using: encoder) else {
            output.element(try encoder.encode(self))
            return
        }
        output.element { w in
            w.object(rest, replacing: "body") { w in
                w.beginObject()
                w.key("parameters")
                w.beginArray()
                switch list {
                case .values(let values):
                    for parameter in values { Self.write(parameter, redact: redact, to: &w) }
                case .names(let names):
                    for info in names {
                        w.beginObject()
                        w.key("name")
                        w.string(info.name)
                        w.key("writable")
                        w.bool(info.writable)
                        w.endObject()
                    }
                }
                w.endArray()
                w.endObject()
            }
        }
    }

    /// The parameter list of a large response.
    private enum ParameterList {
        case values([ParameterValue])
        case names([ParameterInfo])
    }

    /// For a GetParameterValuesResponse or GetParameterNamesResponse: the report's members as
    /// `Encodable` writes them with the parameter list left out (`body` is `{"parameters": []}`),
    /// and the list; nil for any other report.
    private func split(using encoder: JSONValueEncoder) throws -> ([(String, JSONValue)], ParameterList)? {
        guard error == nil, let parsed, case .envelope(let envelope) = parsed.message else { return nil }
        let list: ParameterList
        let emptied: CWMPBody
        switch envelope.body {
        case .getParameterValuesResponse(let response):
            list = .values(response.parameters)
            emptied = .getParameterValuesResponse(GetParameterValuesResponse(parameters: []))
        case .getParameterNamesResponse(let response):
            list = .names(response.parameters)
            emptied = .getParameterNamesResponse(GetParameterNamesResponse(parameters: []))
        default:
            return nil
        }
        // The rest of the report through Encodable, with the list left empty.
        var rest = self
        rest.parsed?.message = .envelope(
            CWMPEnvelope(namespace: envelope.namespace, header: envelope.header, body: emptied)
        )
        guard case .object(let members) = try encoder.encode(rest), members.contains(where: { $0.0 == "body" }) else {
            return nil
        }
        return (members, list)
    }

    /// The value a report shows for a parameter: its raw text, or with secrets hidden
    /// (``Redaction/parameterValue(_:path:)``).
    private static func shownValue(_ parameter: ParameterValue, _ value: CWMPValue, redact: Bool) -> String {
        redact ? Redaction.parameterValue(value.raw, path: parameter.name) : value.raw
    }

    /// One `ParameterValueStruct` as `ParameterValue.encode(to:)` writes it.
    private static func jsonValue(_ parameter: ParameterValue, redact: Bool) -> JSONValue {
        guard let value = parameter.value else {
            return .object([("name", .string(parameter.name)), ("type", .null), ("value", .null)])
        }
        return .object([
            ("name", .string(parameter.name)), ("type", .string(value.typeSpelling ?? value.type.xsdName)),
            ("value", .string(shownValue(parameter, value, redact: redact))),
        ])
    }

    /// One `ParameterValueStruct` as ``jsonValue(_:redact:)`` lays it out, written directly.
    private static func write(_ parameter: ParameterValue, redact: Bool, to w: inout JSONPrettyWriter) {
        w.beginObject()
        w.key("name")
        w.string(parameter.name)
        w.key("type")
        if let value = parameter.value {
            // The type as sent, as GenieACS keeps it (lib/soap.ts:134-139).
            w.string(value.typeSpelling ?? value.type.xsdName)
            w.key("value")
            w.string(shownValue(parameter, value, redact: redact))
        } else {
            w.null()
            w.key("value")
            w.null()
        }
        w.endObject()
    }
}
