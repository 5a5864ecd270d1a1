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
            // The same bound as a mapping's: JSON text is no way around it.
            if Self.exceedsQueryValues(value) {
                error(
                    node,
                    .badQuery,
                    "`query` holds more than \(Self.maximumQueryValues) values",
                    hint: "select the devices with a tag (`_tags`) instead of listing them"
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

    /// Whether `value` holds more than ``maximumQueryValues`` values (objects, arrays and scalars,
    /// counted as a mapping's nodes are); stops counting there.
    static func exceedsQueryValues(_ value: JSONValue) -> Bool {
        var pending = [value]
        var count = 0
        while let next = pending.popLast() {
            count += 1
            if count > maximumQueryValues { return true }
            switch next {
            case .object(let members): pending += members.map(\.1)
            case .array(let items): pending += items
            default: continue
            }
        }
        return false
    }

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

    /// Checks one query: what would stop the GenieACS NBI worker (``DeviceQueryCheck``, shared with
    /// `ferrule acs devices --query`), then what would silently match nothing or misorder versions.
    private mutating func checkQuery(
        _ value: JSONValue,
        path: String,
        fallback: Node,
        locations: [String: Node]
    ) {
        // `$ne`/`$not` beside other operators is reported by `checkField`, whatever the alternatives.
        for problem in DeviceQueryCheck.problems(value) where problem.kind != .neMixed {
            var key = path + problem.path.map { "\u{1F}" + $0 }.joined()
            var at = locations[key]
            while at == nil, let cut = key.lastIndex(of: "\u{1F}") {
                key = String(key[..<cut])
                at = locations[key]
            }
            let code: Diagnostic.Code =
                switch problem.kind {
                case .notAnObject, .andReplaced: .badQuery
                case .regex: .queryWildcard
                case .neMixed: .queryNEMixed
                case .logicalOperator, .logicalList, .fieldOperator, .operand: .queryOperator
                }
            error(at ?? fallback, code, problem.message, hint: problem.hint)
        }
        lintFields(value, path: path, fallback: fallback, locations: locations)
    }

    /// The fields of a query and of the queries its `$and`/`$or`/`$nor` lists hold.
    private mutating func lintFields(
        _ value: JSONValue,
        path: String,
        fallback: Node,
        locations: [String: Node]
    ) {
        guard case .object(let members) = value else { return }
        for (key, member) in members {
            let here = path + "\u{1F}" + key
            let at = locations[here] ?? locations[path] ?? fallback
            if key.hasPrefix("$") {
                guard DeviceQueryCheck.logicalOperators.contains(key), case .array(let items) = member else { continue }
                for (index, item) in items.enumerated() {
                    lintFields(item, path: here + "\u{1F}" + String(index), fallback: fallback, locations: locations)
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
        }
    }
}
