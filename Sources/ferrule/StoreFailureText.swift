import Campaigns

/// Campaign-store failures in the one diagnostic format: where (the database file), what failed,
/// and what to do next; SQLite's numeric codes are translated, never shown alone.
enum StoreFailureText {
    /// SQLite's primary result codes that mean the disk, not the data, failed
    /// (https://www.sqlite.org/rescode.html): `SQLITE_IOERR` (10) and its extended codes such as
    /// 778 `SQLITE_IOERR_WRITE`, and `SQLITE_FULL` (13).
    private static let ioError = 10
    private static let full = 13

    /// `error` as one line: `FILE: error[campaign-state]: …`.
    static func render(_ error: CampaignStoreError) -> String {
        // A path that is no store: the path once, then the one wording every store uses after its
        // `FILE: error[…]:` prefix (as the event store's `FILE: error[…]: open: it is not …`).
        if error.isNotAStore {
            return "\(error.path): error[campaign-state]: \(error.operation): \(error.detail)"
        }
        return render(
            description: error.description,
            path: error.path,
            operation: error.operation,
            sqliteCode: error.sqliteCode
        )
    }

    /// The line for a failure of `operation` on the database at `path`.
    static func render(description: String, path: String, operation: String, sqliteCode: Int) -> String {
        switch sqliteCode & 0xFF {
        case ioError, full:
            let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(
                separator: "/"
            )
            let place = directory.isEmpty ? "." : directory
            return "\(path): error[campaign-state-disk]: \(operation): the disk holding the campaign state could not "
                + "be written or read (SQLite \(sqliteCode): \(sqliteCode & 0xFF == full ? "disk full" : "disk I/O error")); "
                + "SQLite rolled the unfinished write back, so the state is as before. Free space or check the disk "
                + "(`df \(place)`), or move the state with --state / FERRULE_STATE_DIR, then run the command again"
        default:
            return "\(path): error[campaign-state]: \(description)"
        }
    }
}
