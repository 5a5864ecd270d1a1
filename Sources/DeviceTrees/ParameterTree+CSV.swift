public import CWMP

extension ParameterTree {
    /// The header of GenieACS's UI export (`GET /api/devices/<id>.csv`, GenieACS 1.2.16 lib/ui/api.ts:62-124).
    static let exportHeader = [
        "Parameter", "Object", "Object timestamp", "Writable", "Writable timestamp", "Value", "Value type",
        "Value timestamp", "Notification", "Notification timestamp", "Access list", "Access list timestamp",
    ]
    /// The header of genieacs-sim's data-model CSV (genieacs-sim@be391ca genieacs-sim:18-30).
    static let simulatorHeader = ["Parameter", "Object", "Writable", "Value", "Value type"]

    /// Reads a GenieACS CSV: the 12-column UI export or the 5-column genieacs-sim model.
    ///
    /// - Throws: ``TreeSourceError`` naming the line of a malformed record or an unknown header.
    public init(csv text: String, file: String? = nil) throws(TreeSourceError) {
        self = try Self.reading(csv: text, file: file).tree
    }

    /// Reads a GenieACS CSV (see ``init(csv:file:)``) and the parameters it lists on more than
    /// one row; the tree keeps the last row of each.
    public static func reading(csv text: String, file: String? = nil) throws(TreeSourceError)
        -> (tree: ParameterTree, repeats: [RepeatedParameter])
    {
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.parse(text)
        } catch {
            throw TreeSourceError(file: file, line: error.line, message: "malformed CSV: \(error.message)")
        }
        guard let header = records.first else {
            throw TreeSourceError(file: file, line: 1, message: "the CSV file is empty")
        }
        let names = header.fields.map { $0.trimmingXMLWhitespace() }
        guard names == Self.exportHeader || names == Self.simulatorHeader else {
            throw TreeSourceError(
                file: file,
                line: header.line,
                message: "unknown CSV header; expected GenieACS's export (\(Self.exportHeader.count) columns starting "
                    + "Parameter,Object,Object timestamp) or genieacs-sim's (Parameter,Object,Writable,Value,Value type)"
            )
        }
        func column(_ name: String) -> Int { names.firstIndex(of: name) ?? 0 }
        let (pathColumn, objectColumn, writableColumn, valueColumn, typeColumn) = (
            column("Parameter"), column("Object"), column("Writable"), column("Value"), column("Value type")
        )
        var builder = RepeatTrackingBuilder(source: .csv)
        for (index, record) in records.dropFirst().enumerated() {
            guard record.fields.count == names.count else {
                throw TreeSourceError(
                    file: file,
                    line: record.line,
                    message: "row \(index + 1) has \(record.fields.count) fields, the header has \(names.count)"
                )
            }
            let f = record.fields
            var path = f[pathColumn].trimmingXMLWhitespace()
            // GenieACS's own entries (DeviceID.*, Events.*, Tags.* …) are not device parameters.
            guard !path.isEmpty, !Self.isGenieACSPseudoPath(path) else { continue }
            let isObject = f[objectColumn].lowercased() == "true" || path.hasSuffix(".")
            if isObject && !path.hasSuffix(".") { path += "." }
            let writable: Bool? =
                switch f[writableColumn].lowercased() {
                case "true", "1": true
                case "false", "0": false
                default: nil
                }
            let typeName = f[typeColumn].trimmingXMLWhitespace()
            // GenieACS's export writes a parameter it knows by name only (no value fetched) as
            // Value "" with an empty type and timestamp (lib/ui/api.ts:96-104, 111-117: value and
            // type stay "" without p.value; new Date(undefined).toJSON() is null, written as "").
            // A fetched value always carries its type, so this row has no value, as NBI JSON
            // without `_value` has none (ParameterTree+NBI.swift).
            let hasValue = !(names == Self.exportHeader && f[valueColumn].isEmpty && typeName.isEmpty)
            builder.add(
                ParameterEntry(
                    path: path,
                    value: isObject || !hasValue ? nil : f[valueColumn],
                    type: isObject || typeName.isEmpty ? nil : ValueType.parse(typeName).type,
                    // Kept as exported: GenieACS converts only exact spellings (lib/soap.ts:171-201).
                    typeSpelling: isObject || typeName.isEmpty ? nil : typeName,
                    writable: writable,
                    isObject: isObject,
                    location: TreeLocation(file: file, line: record.line, row: index + 1)
                )
            )
        }
        return (builder.tree, builder.repeats)
    }
}
