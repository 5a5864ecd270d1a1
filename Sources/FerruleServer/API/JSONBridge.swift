import FerruleJSON
import Foundation
import OpenAPIRuntime

/// Conversions between Ferrule's ``FerruleJSON/JSONValue`` (what the engines speak) and the
/// OpenAPI runtime's free-form containers (what the generated types hold).
enum JSONBridge {
    /// A JSON value as a plain Swift value the runtime's containers accept.
    static func plain(_ value: JSONValue) -> (any Sendable)? {
        switch value {
        case .null: return nil
        case .bool(let b): return b
        case .string(let s): return s
        case .number(let text):
            if let i = Int(text) { return i }
            return Double(text) ?? text
        case .array(let items): return items.map(plain)
        case .object(let members):
            var object: [String: (any Sendable)?] = [:]
            for (key, member) in members { object[key] = plain(member) }
            return object
        }
    }

    /// A JSON value as a free-form value.
    static func container(_ value: JSONValue) -> OpenAPIValueContainer {
        (try? OpenAPIValueContainer(unvalidatedValue: plain(value))) ?? nil
    }

    /// A JSON object as a free-form object (anything else: an empty object).
    static func object(_ value: JSONValue?) -> OpenAPIObjectContainer {
        guard let value, case .object = value, let plain = plain(value) as? [String: (any Sendable)?] else {
            return OpenAPIObjectContainer()
        }
        return (try? OpenAPIObjectContainer(unvalidatedValue: plain)) ?? OpenAPIObjectContainer()
    }

    /// A JSON object as a free-form object, nil when it is not an object.
    static func optionalObject(_ value: JSONValue?) -> OpenAPIObjectContainer? {
        guard let value, case .object = value else { return nil }
        return object(value)
    }

    /// A free-form value as JSON.
    static func json(_ container: OpenAPIValueContainer) -> JSONValue { json(plain: container.value) }

    /// A free-form object as JSON, members sorted by key (the runtime keeps no order).
    static func json(_ container: OpenAPIObjectContainer) -> JSONValue {
        .object(container.value.sorted { $0.key < $1.key }.map { ($0.key, json(plain: $0.value)) })
    }

    /// A plain value (as the runtime's containers hold) as JSON.
    static func json(plain value: (any Sendable)?) -> JSONValue {
        switch value {
        case nil: return .null
        case let b as Bool: return .bool(b)
        case let i as Int: return .int(i)
        case let d as Double: return .number(numberText(d))
        case let s as String: return .string(s)
        case let array as [(any Sendable)?]: return .array(array.map { json(plain: $0) })
        case let object as [String: (any Sendable)?]:
            return .object(object.sorted { $0.key < $1.key }.map { ($0.key, json(plain: $0.value)) })
        case let container as OpenAPIValueContainer: return json(container)
        case let container as OpenAPIObjectContainer: return json(container)
        default: return .string(String(describing: value))
        }
    }

    /// A number as JSON text: integral values without `.0` (`5`, not `5.0`).
    static func numberText(_ number: Double) -> String {
        if number.isFinite, number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
        return number.isFinite ? String(number) : "0"
    }

    /// A generated type from JSON shaped like it (the document's snake_case keys); times as ISO 8601.
    static func decode<T: Decodable>(_ type: T.Type, from json: JSONValue) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let milliseconds = APITime.milliseconds(iso: text) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 time: \(text)")
                )
            }
            return APITime.date(milliseconds)
        }
        return try decoder.decode(T.self, from: Data(json.compactText.utf8))
    }

    /// A list answer `{"<key>": [items], "total": n}` as the generated schema it is returned as.
    static func list<T: Decodable>(_ key: String, _ items: [JSONValue], total: Int) throws -> T {
        try decode(T.self, from: .object([(key, .array(items)), ("total", .int(total))]))
    }

    /// The same with the page's `skip` and `limit` (the envelope of a paged list).
    static func list<T: Decodable>(_ key: String, _ items: [JSONValue], total: Int, skip: Int, limit: Int) throws -> T {
        try decode(
            T.self,
            from: .object([(key, .array(items)), ("total", .int(total)), ("skip", .int(skip)), ("limit", .int(limit))])
        )
    }

    /// A generated value as JSON (keys as the document names them).
    static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(value)
        return try JSONValue.parse(String(decoding: data, as: UTF8.self))
    }
}
