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
                for row in rows {
                    let prefix = concrete + row + "."
                    if let enable {
                        guard let value = tree[prefix + enable]?.value?.trimmingXMLWhitespace(),
                            value == "true" || value == "1"
                        else { continue }
                    }
                    var values: [String] = []
                    for name in key.parameters {
                        guard let value = tree[prefix + name]?.value else { break }
                        values.append(value)
                    }
                    guard values.count == key.parameters.count else { continue }
                    guard let earlier = first[values] else {
                        first[values] = row
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
}
