import ArgumentParser
import PONEventIngest
import VOLTHA

/// `ferrule events run --voltha HOST:PORT [--voltha-tls] [--reconcile-interval S]`: reconcile the
/// event store with VOLTHA's inventory (docs/events.md, "Reconciling with VOLTHA").
struct EventsRunReconcileOptions: ParsableArguments {
    /// VOLTHA's NBI: events it never delivered are derived from its inventory (ListDevices).
    @OptionGroup var voltha: VolthaAddressOptions

    @Option(
        help: """
            Seconds between reconciliations while all is well (0: only at start and after Kafka outages; \
            default 600). Needs --voltha.
            """
    )
    var reconcileInterval: Int?

    @Option(
        help: """
            Seconds one reconciliation may spend reading the software versions of the ONUs it derives \
            an activation for (GetOnuImages), 1-3600; the ONUs not read by then wait for the next pass, \
            which follows at once and reads them first (default 60). Needs --voltha.
            """
    )
    var reconcileSoftwareBudget: Int?

    /// `--reconcile-interval` when not given.
    static let defaultInterval = 600
    /// `--reconcile-software-budget` when not given.
    static let defaultSoftwareBudget = 60

    func validate() throws {
        if let reconcileInterval, !(0...86_400).contains(reconcileInterval) {
            throw ValidationError("--reconcile-interval must be 0 to 86400 seconds, not \(reconcileInterval)")
        }
        if let reconcileSoftwareBudget, !(1...3600).contains(reconcileSoftwareBudget) {
            throw ValidationError(
                "--reconcile-software-budget must be 1 to 3600 seconds, not \(reconcileSoftwareBudget)"
            )
        }
        // Without an address nothing is reconciled: the options would be accepted and do nothing.
        let given = [
            reconcileInterval.map { _ in "--reconcile-interval" },
            reconcileSoftwareBudget.map { _ in "--reconcile-software-budget" },
        ].compactMap { $0 }
        if !given.isEmpty, voltha.address == nil, CommandEnvironment.current["FERRULE_VOLTHA"] == nil {
            throw ValidationError(
                "\(given.joined(separator: " and ")) \(given.count == 1 ? "applies" : "apply") to reconciling with "
                    + "VOLTHA, which needs --voltha HOST:PORT (or $FERRULE_VOLTHA); add it, or leave "
                    + (given.count == 1 ? "the option" : "them") + " out"
            )
        }
    }

    /// The reconciliation the options ask for; nil without an address.
    func reconciliation() throws -> VolthaReconciliation? {
        guard let configuration = try voltha.configuration() else { return nil }
        let interval = reconcileInterval ?? Self.defaultInterval
        return VolthaReconciliation(
            name: configuration.address,
            interval: interval == 0 ? nil : .seconds(interval),
            ports: { olt in try await withVolthaClient(configuration) { try await $0.ports(deviceID: olt) } },
            olts: { try await withVolthaClient(configuration) { try await $0.devices().filter(\.isRoot).map(\.id) } },
            software: { onus, budget in
                try await withVolthaClient(configuration) { await $0.onuSoftware(onus, budget: budget) }
            },
            softwareBudget: .seconds(reconcileSoftwareBudget ?? Self.defaultSoftwareBudget)
        ) {
            try await withVolthaClient(configuration) { try await $0.onuInventory() }
        }
    }
}
