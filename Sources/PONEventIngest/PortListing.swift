import PONEvents
import VOLTHA

/// A ``PONPortLister`` over a closure (``VolthaReconciliation/ports``): VOLTHA's `ListDevicePorts`
/// in `ferrule events run`, a fake in tests.
struct PortListing: PONPortLister {
    let list: @Sendable (_ oltDeviceID: String) async throws -> [DevicePort]

    func ports(deviceID: String) async throws -> [DevicePort] {
        try await list(deviceID)
    }
}
