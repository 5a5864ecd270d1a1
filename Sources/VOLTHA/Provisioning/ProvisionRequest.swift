/// What provisioning one ONU UNI needs: where the ONU should be, and its service.
public struct ProvisionRequest: Sendable, Hashable {
    /// The OLT, by device id or serial number.
    public var olt: String
    /// The PON interface on that OLT (`pon-<n>`).
    public var ponInterface: UInt32
    /// The ONU serial, e.g. `BBSM00000001`.
    public var onuSerial: String
    /// The UNI, 1-based (`<serial>-<uni>`).
    public var uni: Int
    /// The service to put on it.
    public var service: SubscriberService

    /// A request from its parts.
    public init(olt: String, ponInterface: UInt32, onuSerial: String, uni: Int = 1, service: SubscriberService) {
        self.olt = olt
        self.ponInterface = ponInterface
        self.onuSerial = onuSerial
        self.uni = uni
        self.service = service
    }

    /// The UNI port name SADIS and ONOS key the subscriber by.
    public var portName: String { "\(onuSerial)-\(uni)" }

    /// Checks what needs no server: VLANs 1-4094, `uniTagMatch` 0-4096 (4096 = any), technology
    /// profile 64-255, UNI 1-16, a plausible serial, and both bandwidth profiles present in `sadis`.
    ///
    /// - Throws: ``VolthaError`` `invalidInput` naming the first bad value.
    public func validate(against sadis: SadisDocument, file: String) throws {
        try checkValues()
        let known = Set(sadis.bandwidthProfiles.map(\.id))
        for profile in [service.upstreamBandwidthProfile, service.downstreamBandwidthProfile]
        where !known.contains(profile) {
            let list = known.sorted().joined(separator: ", ")
            throw VolthaError(
                .invalidInput,
                "unknown bandwidth profile \"\(profile.shortened(80))\": \(file) defines "
                    + (list.isEmpty ? "none" : list),
                target: ""
            )
        }
    }

    /// The checks of ``validate(against:file:)`` that need nothing but the request: what a
    /// command line can refuse as a usage error.
    ///
    /// - Throws: ``VolthaError`` `invalidInput` naming the first bad value.
    public func checkValues() throws {
        func bad(_ message: String) -> VolthaError { VolthaError(.invalidInput, message, target: "") }
        // A blank OLT would name the OLTs not yet connected (their serial is empty).
        try VolthaClient.requireKey(olt, "an OLT id or serial number", target: "")
        for (name, value) in [("c-tag", service.cTag), ("s-tag", service.sTag)] where !(1...4094).contains(value) {
            throw bad("\(name) \(value) is out of range: VLAN ids are 1-4094")
        }
        guard (0...4096).contains(service.uniTagMatch) else {
            throw bad("uni-tag-match \(service.uniTagMatch) is out of range: 0 (untagged) to 4096 (any)")
        }
        guard (64...255).contains(service.technologyProfileID) else {
            throw bad("technology profile \(service.technologyProfileID) is out of range: VOLTHA uses 64-255")
        }
        guard (1...16).contains(uni) else { throw bad("UNI \(uni) is out of range: 1-16") }
        guard onuSerial.count >= 5, onuSerial.count <= 64,
            onuSerial.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else {
            throw bad("ONU serial \"\(onuSerial.shortened(80))\" is not a serial such as BBSM00000001")
        }
    }
}
