import FerruleJSON
import GenieACS

/// The NBI calls the device, file and fault routes need beyond ``GenieACS/GenieACSNBI``
/// (which has `deleteFault`): deletes, and counts from the `total` header. ``GenieACS/NBIClient`` has them all.
///
/// A tenant whose GenieACS is reached some other way answers these routes with 501, saying so.
protocol GenieACSAdministration: Sendable {
    /// `DELETE /devices/<id>` (GenieACS 1.2.16 lib/nbi.ts:605-612).
    func deleteDevice(_ device: String) async throws
    /// `DELETE /files/<name>`; a not-found error when absent.
    func deleteFile(_ name: String) async throws
    /// The number of matching documents (`HEAD`, the `total` header).
    func count(_ collection: NBICollection, query: JSONValue?) async throws -> Int
}

extension NBIClient: GenieACSAdministration {}

/// The server wraps every tenant's client in ``InstrumentedNBI``: its deletes and counts go to the
/// client underneath, measured like every other call (501 when that client has none).
extension InstrumentedNBI: GenieACSAdministration {
    func deleteDevice(_ device: String) async throws {
        try await measure("delete device") { try await administration().deleteDevice(device) }
    }

    func deleteFile(_ name: String) async throws {
        try await measure("delete file") { try await administration().deleteFile(name) }
    }

    func count(_ collection: NBICollection, query: JSONValue?) async throws -> Int {
        try await measure("count \(collection.rawValue)") { try await administration().count(collection, query: query) }
    }

    private func administration() throws -> any GenieACSAdministration {
        guard let administration = base as? any GenieACSAdministration else {
            throw APIFailure(
                status: 501,
                detail: "This tenant's GenieACS connection cannot delete or count documents; use an HTTP NBI URL"
            )
        }
        return administration
    }
}
