import FerruleJSON
import GenieACS

/// The NBI calls the device, file and fault routes need beyond ``GenieACS/GenieACSNBI``:
/// deletes, and counts from the `total` header. ``GenieACS/NBIClient`` has them all.
///
/// A tenant whose GenieACS is reached some other way answers these routes with 501, saying so.
protocol GenieACSAdministration: Sendable {
    /// `DELETE /devices/<id>` (GenieACS 1.2.16 lib/nbi.ts:605-612).
    func deleteDevice(_ device: String) async throws
    /// `DELETE /files/<name>`; a not-found error when absent.
    func deleteFile(_ name: String) async throws
    /// `DELETE /faults/<id>`.
    func deleteFault(_ id: String) async throws
    /// The number of matching documents (`HEAD`, the `total` header).
    func count(_ collection: NBICollection, query: JSONValue?) async throws -> Int
}

extension NBIClient: GenieACSAdministration {}
