import FerruleCore
import FerruleJSON
import Foundation

/// The query parameters the API document declares, by operation, to say which one a request got
/// wrong: the generated code's conversion error names neither the parameter nor what it expects
/// ("Failed to convert to the requested type."), so ``APIErrorMiddleware`` asks this instead.
///
/// Read from the document served at `/openapi.json` at the first failure, never on the hot path.
struct QueryParameterRules: Sendable {
    /// One declared query parameter.
    struct Parameter: Sendable {
        var name: String
        var type: String
        var minimum: String?
        var maximum: String?
        var allowed: [String]?

        /// What the value must be: `an integer between 1 and 1000`, `one of RAISED, CLEARED`.
        var expectation: String {
            if let allowed { return "one of " + allowed.joined(separator: ", ") }
            let kinds = ["integer": "an integer", "number": "a number", "boolean": "true or false"]
            let kind = kinds[type] ?? "a string"
            switch (minimum, maximum) {
            case (let low?, let high?): return "\(kind) between \(low) and \(high)"
            case (let low?, nil): return "\(kind) of at least \(low)"
            case (nil, let high?): return "\(kind) of at most \(high)"
            case (nil, nil): return kind
            }
        }

        /// Whether `value` converts to the declared type (ranges are the handlers' to check).
        func accepts(_ value: String) -> Bool {
            if let allowed { return allowed.contains(value) }
            switch type {
            case "integer": return Int(value) != nil
            case "number": return Double(value).map(\.isFinite) ?? false
            case "boolean": return value == "true" || value == "false"
            default: return true
            }
        }
    }

    /// The query parameters of each operation id.
    let operations: [String: [Parameter]]

    /// The rules of the served document (empty if it cannot be read, which a test catches).
    static let served = QueryParameterRules(document: (try? JSONValue.parse(OpenAPIDocument.json)) ?? .null)

    init(document: JSONValue) {
        var operations: [String: [Parameter]] = [:]
        let shared = document["components"]?["parameters"]
        let schemas = document["components"]?["schemas"]
        if case .object(let paths) = document["paths"] {
            for case (_, .object(let methods)) in paths {
                let common = methods.first { $0.0 == "parameters" }?.1.arrayValue ?? []
                for (_, operation) in methods {
                    guard let id = operation["operationId"]?.stringValue else { continue }
                    let declared = common + (operation["parameters"]?.arrayValue ?? [])
                    operations[id] = declared.compactMap { Self.parameter($0, shared: shared, schemas: schemas) }
                }
            }
        }
        self.operations = operations
    }

    private static func parameter(_ node: JSONValue, shared: JSONValue?, schemas: JSONValue?) -> Parameter? {
        var node = node
        if let reference = node["$ref"]?.stringValue, let name = reference.split(separator: "/").last {
            guard let resolved = shared?[String(name)] else { return nil }
            node = resolved
        }
        guard node["in"]?.stringValue == "query", let name = node["name"]?.stringValue else { return nil }
        var schema = node["schema"] ?? .null
        // A schema by reference (`state: {$ref: TargetState}`): its enum is the expectation.
        if let reference = schema["$ref"]?.stringValue, let name = reference.split(separator: "/").last,
            let resolved = schemas?[String(name)]
        {
            schema = resolved
        }
        return Parameter(
            name: name,
            type: schema["type"]?.stringValue ?? "string",
            minimum: Self.number(schema["minimum"]),
            maximum: Self.number(schema["maximum"]),
            allowed: schema["enum"]?.arrayValue?.compactMap(\.stringValue)
        )
    }

    private static func number(_ value: JSONValue?) -> String? {
        if case .number(let text) = value { return text }
        return nil
    }

    /// `<name> must be <expectation>` for the first declared parameter of `operationID` whose value
    /// in `path`'s query does not convert; nil when every one does.
    func failure(operationID: String, path: String?) -> String? {
        guard let parameters = operations[operationID], let path,
            let query = path.split(separator: "?", maxSplits: 1).dropFirst().first
        else { return nil }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decoded(parts[0])
            let value = parts.count > 1 ? Self.decoded(parts[1]) : ""
            if let parameter = parameters.first(where: { $0.name == name }), !parameter.accepts(value) {
                return "\(parameter.name) must be \(parameter.expectation); got \"\(DisplayText.value(value))\""
            }
        }
        return nil
    }

    /// The names of `operationID`'s declared query parameters.
    func names(of operationID: String) -> Set<String> { Set(operations[operationID]?.map(\.name) ?? []) }

    static func decoded(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
