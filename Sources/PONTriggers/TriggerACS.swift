public import GenieACS

/// What the executor needs of GenieACS: the NBI protocol and the device tags endpoint
/// (`POST`/`DELETE /devices/<id>/tags/<tag>`, GenieACS 1.2.16 lib/nbi.ts:202-237).
public protocol TriggerACS: GenieACSNBI {
    /// Adds `tag` to the device; throws 404 `No such device`.
    func addTag(_ tag: String, to device: String) async throws
    /// Removes `tag` from the device.
    func removeTag(_ tag: String, from device: String) async throws
}

extension NBIClient: TriggerACS {}
