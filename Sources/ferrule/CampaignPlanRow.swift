import FerruleJSON

/// One row of `ferrule campaign plan`.
///
/// Table and CSV show five text columns (`device action parameter now after`): a value the device
/// does not have reads `(absent)` (a firmware version it did not report `(unknown)`), and the
/// reason a device is skipped or not applicable stands in `after`. JSON keeps them apart, as
/// docs/output-formats.md promises for every `--format json`: an absent value is `null`, and the
/// reason is its own `reason` member (`null` on rows that change something).
struct CampaignPlanRow: Equatable {
    enum Action: String {
        case set, download, skip
        case notApplicable = "not applicable"
    }

    static let columns = ["device", "action", "parameter", "now", "after"]
    static let jsonMembers = columns + ["reason"]

    var device: String
    var action: Action
    /// The parameter set (`SoftwareVersion` for firmware); nil on a device's summary row.
    var parameter: String?
    /// The value now, as shown (masked for secrets); nil when the device has none.
    var now: String?
    /// The value after the change; nil when nothing would be set.
    var after: String?
    /// Why nothing is pushed to the device (skip and not-applicable rows).
    var reason: String?
    /// What a table shows for an absent `now` of a parameter: `(absent)`; a firmware version the
    /// device did not report `(unknown)`; a secret's value nothing (it is never shown either way).
    var absentText = "(absent)"

    /// The cells of a table or CSV row, as `campaign plan` has always printed them.
    var cells: [String] {
        // A device's summary row (no parameter) shows its reason in `after`.
        guard let parameter else { return [device, action.rawValue, "", now ?? "", after ?? reason ?? ""] }
        return [device, action.rawValue, parameter, now ?? absentText, after ?? ""]
    }

    /// The row as a JSON object: every member present, absent values `null`.
    var json: JSONValue {
        func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
        return .object([
            ("device", .string(device)), ("action", .string(action.rawValue)), ("parameter", text(parameter)),
            ("now", text(now)), ("after", text(after)), ("reason", text(reason)),
        ])
    }

    /// The rows in `format`.
    static func render(_ rows: [CampaignPlanRow], format: ListFormat) -> String {
        switch format {
        case .json: return JSONValue.array(rows.map(\.json)).canonicalText
        case .table, .csv: return TableOutput.render(columns: columns, rows: rows.map(\.cells), format: format)
        }
    }
}
