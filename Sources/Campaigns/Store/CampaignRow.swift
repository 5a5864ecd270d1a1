import Foundation
internal import GRDB

/// The `campaigns` table's mapping of a ``CampaignRecord``.
///
/// Columns are read by position: ``columns`` is the one list both `SELECT`s and `INSERT`s use.
struct CampaignRow: FetchableRecord {
    /// The columns, in the order ``init(row:)`` reads and ``arguments(_:)`` binds them.
    static let columns = """
        id, name, kind, spec_text, spec_file, status, status_reason, acs_url, rollback_of, created_at, \
        started_at, finished_at, variables_json
        """
    static let insertSQL = "INSERT INTO campaigns (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    /// Every column but `id`, then the `id` of the row to update.
    static let updateSQL = """
        UPDATE campaigns SET name = ?, kind = ?, spec_text = ?, spec_file = ?, status = ?, status_reason = ?, \
        acs_url = ?, rollback_of = ?, created_at = ?, started_at = ?, finished_at = ?, variables_json = ? WHERE id = ?
        """

    var record: CampaignRecord

    init(row: Row) throws {
        let id = try row.decode(String.self, atIndex: 0)
        let status = try row.decode(CampaignRecord.Status.self, atIndex: 5, field: "status", of: "campaign \(id)")
        record = CampaignRecord(
            id: id,
            name: try row.decode(String.self, atIndex: 1),
            kind: try row.decode(String.self, atIndex: 2),
            specText: try row.decode(String.self, atIndex: 3),
            specFile: try row.decode(String.self, atIndex: 4),
            status: status,
            statusReason: try row.decode(String?.self, atIndex: 6),
            acsURL: try row.decode(String.self, atIndex: 7),
            rollbackOf: try row.decode(String?.self, atIndex: 8),
            createdAt: try row.decode(Double.self, atIndex: 9),
            startedAt: try row.decode(Double?.self, atIndex: 10),
            finishedAt: try row.decode(Double?.self, atIndex: 11),
            variables: try Self.variables(row.decode(String?.self, atIndex: 12), campaign: id)
        )
    }

    /// The stored `variables_json` object; nil or empty is none.
    static func variables(_ json: String?, campaign: String) throws -> [String: String] {
        guard let json, !json.isEmpty else { return [:] }
        guard let object = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8)) else {
            throw StoreDataError(message: "campaign \(campaign) has variables that are not a JSON object of texts")
        }
        return object
    }

    /// `variables` as stored: nil when there are none, else a JSON object with sorted keys.
    static func variablesJSON(_ variables: [String: String]) -> String? {
        guard !variables.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(variables)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Replaces the row of `campaign.id`, only while its status is in `ifStatus` when given.
    static func update(
        _ campaign: CampaignRecord,
        ifStatus: Set<CampaignRecord.Status>?,
        in db: Database,
        path: String,
        operation: String
    ) throws {
        var sql = updateSQL
        var arguments = updateArguments(campaign)
        if let ifStatus {
            let expected = ifStatus.map(\.rawValue).sorted()
            sql += " AND status IN (\(Array(repeating: "?", count: expected.count).joined(separator: ", ")))"
            arguments += StatementArguments(expected)
        }
        try db.execute(sql: sql, arguments: arguments)
        guard db.changesCount == 0 else { return }
        let stored = try String.fetchOne(db, sql: "SELECT status FROM campaigns WHERE id = ?", arguments: [campaign.id])
        guard let stored else {
            throw CampaignStoreError.notFound("no campaign \(campaign.id)", path: path, operation: operation)
        }
        let expected = (ifStatus ?? []).map(\.rawValue).sorted().joined(separator: " or ")
        throw CampaignStoreError.statusConflict(
            "campaign \(campaign.id) is \(stored) now, not \(expected.isEmpty ? "in any expected status" : expected)",
            path: path,
            operation: operation
        )
    }

    /// The values of ``columns`` for `campaign`.
    static func insertArguments(_ campaign: CampaignRecord) -> StatementArguments {
        [campaign.id] + fields(campaign)
    }

    /// The values of ``updateSQL`` for `campaign`.
    static func updateArguments(_ campaign: CampaignRecord) -> StatementArguments {
        fields(campaign) + [campaign.id]
    }

    private static func fields(_ campaign: CampaignRecord) -> StatementArguments {
        [
            campaign.name, campaign.kind, campaign.specText, campaign.specFile, campaign.status.rawValue,
            campaign.statusReason, campaign.acsURL, campaign.rollbackOf, campaign.createdAt, campaign.startedAt,
            campaign.finishedAt, variablesJSON(campaign.variables),
        ]
    }
}
