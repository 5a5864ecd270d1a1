extension JSONValue {
    /// The text of a string value; nil for other values.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// A number (or a numeric string) as an integer; nil otherwise.
    public var intValue: Int? {
        switch self {
        case .number(let text), .string(let text):
            if let n = Int(text) { return n }
            if let d = Double(text), d.rounded() == d, abs(d) < 9e15 { return Int(d) }
            return nil
        default: return nil
        }
    }

    /// The value of a boolean; nil otherwise.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The items of an array; nil otherwise.
    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The members of an object in document order; nil otherwise.
    public var objectMembers: [(String, JSONValue)]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// An integer number.
    public static func int(_ value: Int) -> JSONValue { .number(String(value)) }

    /// A copy of an object with `key` set (replaced in place, or appended); other values are returned as they are.
    public func setting(_ key: String, to value: JSONValue) -> JSONValue {
        guard case .object(var members) = self else { return self }
        if let index = members.firstIndex(where: { $0.0 == key }) {
            members[index].1 = value
        } else {
            members.append((key, value))
        }
        return .object(members)
    }

    /// A copy of an object without `key`; other values are returned as they are.
    public func removing(_ key: String) -> JSONValue {
        guard case .object(let members) = self else { return self }
        return .object(members.filter { $0.0 != key })
    }
}
