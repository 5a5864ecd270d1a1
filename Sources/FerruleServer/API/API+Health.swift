import Campaigns
import Foundation
import GenieACS

/// `/healthz` and `/readyz`: no authentication, no tenant. Readiness checks that the state
/// directory takes writes; the upstreams' health is per tenant (`/genieacs/health`,
/// `/voltha/health`).
extension APIHandler {
    func getLiveness(_ input: Operations.GetLiveness.Input) async throws -> Operations.GetLiveness.Output {
        .ok(.init(body: .json(.init(status: "ok"))))
    }

    func getReadiness(_ input: Operations.GetReadiness.Input) async throws -> Operations.GetReadiness.Output {
        var checks: [Components.Schemas.ReadinessResponse.ChecksPayloadPayload] = []
        let probe = URL(fileURLWithPath: stores.root).appendingPathComponent(".ferrule-ready-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(atPath: stores.root, withIntermediateDirectories: true)
            try Data("ok".utf8).write(to: probe, options: .atomic)
            try FileManager.default.removeItem(at: probe)
            checks.append(.init(name: "state", ok: true, detail: "\(stores.root) is writable"))
        } catch {
            checks.append(
                .init(name: "state", ok: false, detail: "\(stores.root) is not writable: \(error.localizedDescription)")
            )
        }
        let response = Components.Schemas.ReadinessResponse(ready: checks.allSatisfy(\.ok), checks: checks)
        return response.ready ? .ok(.init(body: .json(response))) : .serviceUnavailable(.init(body: .json(response)))
    }
}
