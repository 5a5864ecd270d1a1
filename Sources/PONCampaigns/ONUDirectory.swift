public import Campaigns

/// A ``PONTopology`` that also knows the ONU serial behind each device, so the alarm plane
/// (``EventStorePlaneHealth``) can find a device's signal-lost raises among VOLTHA's events.
public protocol ONUDirectory: PONTopology {
    /// The serial (as VOLTHA's events carry it) of the ONU in front of GenieACS device `deviceID`.
    func onuSerial(ofDevice deviceID: String) -> String?
}
