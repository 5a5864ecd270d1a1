import CWMP

extension TreeValidator {
    /// Rows of one table whose unique key values repeat an earlier row's (cwmp-datamodel-1-14.xsd:861-867,
    /// e.g. `Device.WiFi.AccessPoint.{i}.AssociatedDevice.{i}.` keyed by `MACAddress`,
    /// tr-181-2-17-0-cwmp-full.xml:48061). Rows are taken in instance order; one hash per key, so
    /// linear in the rows. A row missing a key parameter (a partial read), or — for a functional key
    /// of a table with an enableParameter — not reported enabled, is not compared.
    func checkUniqueKeys(_ tables: [String: TableInstances], tree: ParameterTree, into findings: inout [Finding]) {
        for (concrete, table) in tables {
            guard let object = table.model.objects[table.genericTable], !object.uniqueKeys.isEmpty,
                table.instances.count > 1
            else { continue }
            let rows = table.instances.sorted { a, b in
                a.utf8.count != b.utf8.count ? a.utf8.count < b.utf8.count : a < b
            }
            for key in object.uniqueKeys {
                let enable = key.functional ? object.enableParameter : nil
                var first: [[String]: String] = [:]
                let definitions = key.parameters.map { table.model.parameters[table.genericTable + $0] }
                for row in rows {
                    let prefix = concrete + row + "."
                    if let enable {
                        guard let value = tree[prefix + enable]?.value?.trimmingXMLWhitespace(),
                            value == "true" || value == "1"
                        else { continue }
                    }
                    var values: [String] = []
                    var compared: [String] = []
                    for (index, name) in key.parameters.enumerated() {
                        guard let value = tree[prefix + name]?.value else { break }
                        values.append(value)
                        compared.append(Self.keyValue(value, definitions[index]?.syntax))
                    }
                    guard values.count == key.parameters.count else { continue }
                    guard let earlier = first[compared] else {
                        first[compared] = row
                        continue
                    }
                    let path = prefix + key.parameters[0]
                    let secret = key.parameters.contains { SecretParameters.isSecret(prefix + $0) }
                    let names = key.parameters.joined(separator: "+")
                    let scope = enable.map { " among enabled rows (\($0))" } ?? ""
                    findings.append(
                        Finding(
                            code: .duplicateKey,
                            severity: .error,
                            path: path,
                            value: secret ? nil : values.joined(separator: ", "),
                            expected: "a unique key \(names)\(scope) of \(concrete); row \(earlier) has the same",
                            model: models.label(table.model),
                            location: tree[path]?.location
                        )
                    )
                }
            }
        }
    }

    /// A unique key's value as its parameter's type compares it: `80` and `080` are one
    /// unsignedInt, `true` and `1` one boolean, `AA:BB:…` and `aa:bb:…` one MAC address (XML Schema
    /// 1.0 Part 2 §3.2: equality is of values, not of lexical forms; TR-181's MACAddress pattern
    /// takes either case, tr-181-2-17-0-cwmp-full.xml). Text that is not of the type stays as written.
    static func keyValue(_ raw: String, _ syntax: Syntax?) -> String {
        guard let syntax else { return "s:" + raw }
        switch syntax.base {
        case .int, .long, .unsignedInt, .unsignedLong:
            // XML Schema's integer lexical form after white space collapse: an optional sign, digits.
            var text = Substring(raw.trimmingXMLWhitespace())
            var negative = false
            if let sign = text.first, sign == "-" || sign == "+" {
                negative = sign == "-"
                text = text.dropFirst()
            }
            guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return "s:" + raw }
            let digits = text.drop { $0 == "0" }
            return digits.isEmpty ? "i:0" : "i:" + (negative ? "-" : "") + digits
        case .boolean:
            switch raw.trimmingXMLWhitespace() {
            case "true", "1": return "b:1"
            case "false", "0": return "b:0"
            default: return "s:" + raw
            }
        case .hexBinary:
            return "h:" + raw.trimmingXMLWhitespace().lowercased()
        default:
            return syntax.dataType == "MACAddress" ? "m:" + raw.lowercased() : "s:" + raw
        }
    }
}
