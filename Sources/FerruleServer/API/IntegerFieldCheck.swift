import FerruleCore
import FerruleJSON

/// Names the body field a JSON decoder could not read as an integer.
///
/// Foundation's `JSONDecoder` reports a number that does not fit its integer field (`10.5`, or
/// more than 64 bits) as "The given data was not valid JSON." with no coding path, although the
/// body is valid JSON. The API document says which fields are integers: this walks the body along
/// the operation's request schema and names the first integer field whose number is not a
/// 64-bit integer, with what the field expects (`field body.max_concurrent must be an integer
/// between 1 and 10000; got 10.5`).
///
/// Read from the document served at `/openapi.json` at the first failure, never on the hot path.
struct IntegerFieldCheck: Sendable {
    let document: JSONValue

    static let served = IntegerFieldCheck(document: (try? JSONValue.parse(OpenAPIDocument.json)) ?? .null)

    /// `field body.X must be …; got …` for the first integer field of `operationID`'s body whose
    /// number is not a 64-bit integer; nil when there is none (or the body is not JSON).
    func failure(operationID: String, body: [UInt8]) -> String? {
        guard let schema = requestSchema(operationID), let value = try? JSONValue.parse(body) else { return nil }
        var budget = 100_000  // schema steps: a body is walked once, linearly
        return walk(value, schema: schema, path: "body", depth: 0, budget: &budget)
    }

    private func requestSchema(_ operationID: String) -> JSONValue? {
        guard case .object(let paths) = document["paths"] else { return nil }
        for case (_, .object(let methods)) in paths {
            for (_, operation) in methods where operation["operationId"]?.stringValue == operationID {
                var body = operation["requestBody"]
                if let name = Self.refName(body?["$ref"]) { body = document["components"]?["requestBodies"]?[name] }
                return body?["content"]?["application/json"]?["schema"]
            }
        }
        return nil
    }

    private static func refName(_ value: JSONValue?) -> String? {
        guard let reference = value?.stringValue, let name = reference.split(separator: "/").last else { return nil }
        return String(name)
    }

    private func resolved(_ schema: JSONValue) -> JSONValue {
        var schema = schema
        for _ in 0..<8 {
            guard let name = Self.refName(schema["$ref"]), let next = document["components"]?["schemas"]?[name] else {
                break
            }
            schema = next
        }
        return schema
    }

    private func walk(_ value: JSONValue, schema raw: JSONValue, path: String, depth: Int, budget: inout Int)
        -> String?
    {
        budget -= 1
        guard depth < 64, budget > 0 else { return nil }
        let schema = resolved(raw)
        switch value {
        case .number(let text):
            let types = schema["type"].map { $0.arrayValue?.compactMap(\.stringValue) ?? [$0.stringValue ?? ""] } ?? []
            guard types.contains("integer"), !types.contains("number"), Int64(text) == nil else { return nil }
            return "field \(path) must be \(Self.expectation(schema)); got \(DisplayText.value(text, limit: 40))"
        case .object(let members):
            let properties = schema["properties"]
            for (key, member) in members {
                guard let next = properties?[key] ?? schema["additionalProperties"], next.objectMembers != nil else {
                    continue
                }
                if let found = walk(member, schema: next, path: path + "." + key, depth: depth + 1, budget: &budget) {
                    return found
                }
            }
        case .array(let items):
            guard let next = schema["items"], next.objectMembers != nil else { return nil }
            for (index, item) in items.enumerated() {
                if let found = walk(item, schema: next, path: path + ".\(index)", depth: depth + 1, budget: &budget) {
                    return found
                }
            }
        default:
            break
        }
        return nil
    }

    private static func expectation(_ schema: JSONValue) -> String {
        func number(_ key: String) -> String? {
            if case .number(let text) = schema[key] { return text }
            return nil
        }
        switch (number("minimum"), number("maximum")) {
        case (let low?, let high?): return "an integer between \(low) and \(high)"
        case (let low?, nil): return "an integer of at least \(low)"
        case (nil, let high?): return "an integer of at most \(high)"
        case (nil, nil): return "an integer"
        }
    }
}
