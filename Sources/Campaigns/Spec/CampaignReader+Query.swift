import FerruleCore
import FerruleJSON
import Foundation
import GenieACS
import Yams

extension CampaignReader {
    /// `query:` — a raw GenieACS device query (a YAML mapping, or JSON text), sent as it is and
    /// ANDed with the conditions. Checked for what would stop a GenieACS NBI worker or silently
    /// match nothing (GenieACS 1.2.16 lib/query.ts:113-115; lib/query.ts:19-127; DotMac FTTH Ops@65c3629
    /// src/dotmac/platform/genieacs/client.py:147-171).
    mutating func rawQuery(_ node: Node) -> JSONValue? {
        var locations: [String: Node] = [:]
        let value: JSONValue
        if let scalar = node.scalar {
            guard let text = substitute(scalar.string, at: node) else { return nil }
            do {
                value = try JSONValue.parse(text)
            } catch {
                self.error(
                    node,
                    .badQuery,
                    "`query` is not valid JSON (\(error))",
                    hint: "write the query as a YAML mapping, or as JSON text in single quotes"
                )
                return nil
            }
        } else {
            var budget = Self.maximumQueryValues
            guard let converted = json(node, path: "", locations: &locations, budget: &budget) else { return nil }
            value = converted
        }
        guard case .object = value else {
            error(node, .badQuery, "`query` must be a query object (`{\"_tags\": \"fibre\"}`)")
            return nil
        }
        let before = errorCount
        checkQuery(value, path: "", fallback: node, locations: locations)
        return errorCount == before ? value : nil
    }

    /// The most members, items and values a `query:` mapping holds: real queries have a few dozen.
    /// The YAML reader refuses aliases, so the nodes are the ones written; this bounds the
    /// conversion and its locations table even so.
    static let maximumQueryValues = 10_000

    /// A YAML node as JSON, recording where each member and item was written; nil (reported) past
    /// `budget` values.
    private mutating func json(
        _ node: Node,
        path: String,
        locations: inout [String: Node],
        budget: inout Int
    ) -> JSONValue? {
        budget -= 1
        guard budget >= 0 else {
            error(
                node,
                .badQuery,
                "`query` holds more than \(Self.maximumQueryValues) values",
                hint: "select the devices with a tag (`_tags`) instead of listing them"
            )
            return nil
        }
        locations[path] = node
        if let mapping = node.mapping {
            var members: [(String, JSONValue)] = []
            for (key, value) in mapping {
                guard key.scalar != nil, let name = key.string else {
                    error(key, .badQuery, "a query key must be text")
                    return nil
                }
                let here = path + "\u{1F}" + name
                guard let converted = json(value, path: here, locations: &locations, budget: &budget) else {
                    return nil
                }
                locations[here] = key
                members.append((name, converted))
            }
            return .object(members)
        }
        if let sequence = node.sequence {
            var items: [JSONValue] = []
            for (index, item) in sequence.enumerated() {
                let here = path + "\u{1F}" + String(index)
                guard let converted = json(item, path: here, locations: &locations, budget: &budget) else {
                    return nil
                }
                items.append(converted)
            }
            return .array(items)
        }
        return typedScalar(node)
    }

    private static let logicalOperators = ["$and", "$or", "$nor"]
    private static let expandedOperators: Set<String> = ["$eq", "$gt", "$gte", "$in", "$lt", "$lte", "$ne", "$nin"]

    /// Checks one query object; `path` locates it in `locations`.
    private mutating func checkQuery(
        _ value: JSONValue,
        path: String,
        fallback: Node,
        locations: [String: Node]
    ) {
        guard case .object(let members) = value else {
            error(locations[path] ?? fallback, .badQuery, "expected a query object here")
            return
        }
        for (key, member) in members {
            let here = path + "\u{1F}" + key
            let at = locations[here] ?? locations[path] ?? fallback
            if key.hasPrefix("$") {
                guard Self.logicalOperators.contains(key) else {
                    error(
                        at,
                        .queryOperator,
                        "`\(key)` cannot stand where a field is expected",
                        hint: "GenieACS accepts only $and, $or and $nor here; anything else stops its NBI worker"
                    )
                    continue
                }
                guard case .array(let items) = member, !items.isEmpty else {
                    error(at, .queryOperator, "`\(key)` takes a non-empty list of queries")
                    continue
                }
                for (index, item) in items.enumerated() {
                    checkQuery(item, path: here + "\u{1F}" + String(index), fallback: fallback, locations: locations)
                }
                continue
            }
            checkField(key, member, at: at)
        }
    }

    private mutating func checkField(_ key: String, _ member: JSONValue, at: Node) {
        if !key.hasPrefix("_") && !key.contains(".") {
            let friendly: [String: String] = [
                "manufacturer": "_deviceId._Manufacturer", "oui": "_deviceId._OUI",
                "model": "_deviceId._ProductClass", "product_class": "_deviceId._ProductClass",
                "productClass": "_deviceId._ProductClass", "serial": "_deviceId._SerialNumber",
                "serial_number": "_deviceId._SerialNumber", "serialNumber": "_deviceId._SerialNumber",
                "tags": "_tags", "last_inform": "_lastInform", "id": "_id",
            ]
            let hint: String
            if let field = friendly[key] {
                hint = "GenieACS calls it `\(field)`; or write `\(key):` beside `query:` in `devices`"
            } else if key == "software_version" || key == "firmware" {
                hint = "write `software_version:` beside `query:` in `devices`: it is compared as a version"
            } else {
                hint = "GenieACS fields start with `_` (`_tags`, `_deviceId._Manufacturer`); parameters are full paths"
            }
            error(at, .queryField, "\"\(key)\" is not a GenieACS device field: it would match no device", hint: hint)
            return
        }
        var strings: [String] = []
        if case .object(let operators) = member, operators.contains(where: { $0.0.hasPrefix("$") }) {
            let names = operators.map(\.0)
            if names.contains(where: { $0 == "$ne" || $0 == "$not" }) && names.count > 1 {
                error(
                    at,
                    .queryNEMixed,
                    "`$ne`/`$not` combined with other operators on \"\(key)\" stops the GenieACS NBI worker",
                    hint: "split it: {\"$and\": [{\"\(key)\": {\"$ne\": …}}, {\"\(key)\": {…}}]}"
                )
            }
            let stripped = key.hasSuffix("._value") ? String(key.dropLast(7)) : key
            if FilterField.softwareVersionPaths.contains(stripped),
                names.contains(where: { ["$lt", "$lte", "$gt", "$gte"].contains($0) })
            {
                error(
                    at,
                    .versionAsString,
                    "GenieACS compares \"\(key)\" as text, so `\(names.joined(separator: "/"))` misorders versions ('10.0' < '9.0')",
                    hint: "write `software_version: {$lt: …}` in `devices`: Ferrule compares it as a version"
                )
            }
            for (name, operand) in operators where Self.expandedOperators.contains(name) {
                if case .string(let s) = operand { strings.append(s) }
                if case .array(let items) = operand { strings += items.compactMap(\.stringValue) }
            }
        } else if case .string(let s) = member {
            strings.append(s)
        }
        for text in strings {
            if let source = Self.genieACSRegexSource(text), (try? NSRegularExpression(pattern: source)) == nil {
                error(
                    at,
                    .queryWildcard,
                    "GenieACS turns \"\(text)\" into the regex /\(source)/, which does not compile and stops its NBI worker",
                    hint:
                        "use `$regex` with an escaped pattern, or a friendly key in `devices` (which escapes `*` patterns)"
                )
            }
        }
    }

    /// The regex GenieACS 1.2 derives from a query text (`lib/query.ts` `normalize`): the body
    /// of `/…/flags`, or its wildcard conversion of `*` texts, which escapes only the first
    /// special character and converts only the first inner `*`. Nil for texts it keeps as they are.
    static func genieACSRegexSource(_ text: String) -> String? {
        if NBIValue.looksLikeSlashRegex(text), let last = text.lastIndex(of: "/") {
            return String(text[text.index(after: text.startIndex)..<last])
        }
        return GenieACSWildcard.regexSource(text)
    }
}
