/// Maps GenieACS device ids to their place in the PON (the ONU behind each CPE).
///
/// Campaigns know nothing of VOLTHA: an implementation joins the ONU inventory with the CPEs
/// (PONTriggers provides one). A device it cannot place is simply absent from the answer and is
/// never capped or held by PON rules.
public protocol PONTopology: Sendable {
    /// Placements of those of `deviceIDs` that are known (at most one per id).
    func placements(of deviceIDs: [String]) async throws -> [String: PONPlacement]
}

/// The alarm plane's view of device health, for the campaign health gates.
public protocol PlaneHealth: Sendable {
    /// Those of `deviceIDs` whose ONU raised signal-lost or power-lost at or after `since`
    /// (milliseconds since the epoch), each with the time of its first such raise.
    func signalLost(_ deviceIDs: [String], since: Double) async throws -> [String: Double]
    /// PONs and OLTs with an active signal-lost / power-lost storm now.
    func activeStorms() async throws -> [PONPlacement]
}
