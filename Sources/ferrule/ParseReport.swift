import CWMP

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
