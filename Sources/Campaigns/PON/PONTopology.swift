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
    /// Those of `deviceIDs` whose ONU lost signal or power at or after `since` (milliseconds since
    /// the epoch) and is still down: no clear of that loss and no activation of the ONU came
    /// after it. Each with the time the current outage began (its first raise at or after `since`).
    /// An ONU that rebooted and came back is absent.
    func signalLost(_ deviceIDs: [String], since: Double) async throws -> [String: Double]
    /// PONs and OLTs with an active signal-lost / power-lost storm now.
    func activeStorms() async throws -> [PONPlacement]
}
