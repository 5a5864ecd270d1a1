public import PONEvents

/// Where the server's campaign runner finds the PON plane of campaigns with PON keys
/// (`max_per_pon`, `pon_health`, `storm_hold` — docs/campaigns.md), as `ferrule campaign run
/// --topology FILE --storm-settings FILE` does on the command line:
///
/// ```yaml
/// pon:
///   topology: /etc/ferrule/topology.csv     # device,olt,pon,serial,model; wins over VOLTHA's inventory
///   storm: {threshold: 8, window-seconds: 30} # the storm: keys of `ferrule events run --storm-settings`
/// tenants:
///   acme:
///     pon: {topology: /etc/ferrule/acme-topology.csv}
/// ```
///
/// Without a topology file the tenant's VOLTHA inventory is the topology; the alarm plane is
/// always the state directory's `events.sqlite`.
public struct PONSettings: Sendable, Hashable {
    /// A topology file for every tenant without its own.
    public var topologyFile: String?
    /// The storm thresholds the runner's storm holds use (those `ferrule events run` uses).
    public var storms = PONStormSettings()

    /// No topology file, the default storm thresholds.
    public init() {}
}
