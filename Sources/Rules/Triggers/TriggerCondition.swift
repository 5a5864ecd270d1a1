/// One condition of a trigger rule's `when:` on a field of the event; all of a rule's conditions must hold.
public struct TriggerCondition: Sendable, Hashable {
    /// The event fields a condition can test.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        /// The ONU serial number.
        case serial
        /// The OLT: its VOLTHA device id, its serial number, or (ONOS events) its OpenFlow id.
        case olt
        /// The PON port number on the OLT.
        case ponPort
        /// The ONU vendor id (`vendor-id`, else the GPON serial's four letters).
        case vendor
        /// The ONU equipment id (`ONU_ACTIVATED` only).
        case equipmentId
        /// The ONU's active software version (`ONU_ACTIVATED` only).
        case softwareVersion
        /// The VOLTHA alarm or event name without its raise/clear suffix.
        case alarm
        /// The client's MAC address (ONOS DHCP events), compared without case.
        case mac
        /// The IP address (ONOS DHCP events).
        case ip
    }

    /// How the field is tested.
    public enum Test: Sendable, Hashable {
        /// Any of these patterns matches.
        case patterns([TextPattern])
        /// Version-aware comparisons, all of which must hold (`{gte: "V5R019"}`).
        case versions([VersionCondition])
        /// The number lies in one of these ranges.
        case numbers([ClosedRange<UInt32>])
    }

    public var field: Field
    public var test: Test
    public var location: RuleLocation

    public init(field: Field, test: Test, location: RuleLocation) {
        self.field = field
        self.test = test
        self.location = location
    }

    /// Whether the condition holds for `facts`; an absent field never holds.
    public func holds(for facts: TriggerFacts) -> Bool {
        switch field {
        case .serial: return serial(facts.serial)
        case .olt: return text(facts.oltID) || text(facts.oltSerial) || text(facts.ofDevice)
        case .ponPort: return number(facts.ponPort)
        case .vendor: return text(facts.vendor)
        case .equipmentId: return text(facts.equipmentID)
        case .softwareVersion: return text(facts.softwareVersion)
        case .alarm: return text(facts.alarm)
        case .mac: return caseless(facts.macAddress)
        case .ip: return text(facts.ipAddress)
        }
    }

    private func text(_ value: String?) -> Bool {
        // Longer texts never match, whatever the test (docs/triggers.md: events are untrusted).
        guard let value, value.utf8.count <= TextPattern.maxTextLength else { return false }
        switch test {
        case .patterns(let patterns): return patterns.contains { $0.matches(value) }
        case .versions(let conditions): return conditions.allSatisfy { VersionOrder.satisfies(value, $0) }
        case .numbers(let ranges): return UInt32(value).map { n in ranges.contains { $0.contains(n) } } ?? false
        }
    }

    /// A GPON serial matches whatever the case of its letters: VOLTHA writes the vendor-specific
    /// part in lower-case hex (voltha-openolt-adapter `internal/pkg/core/device_handler.go:2256-2270`,
    /// `ALCL78de45b1`), labels and operators in upper case (`ALCL78DE45B1`); both are one ONU (the
    /// event store's `GPONSerial.same`). Exact texts and globs then compare without case; a regex is
    /// tried on the serial as given and in upper case. Other serials compare as written.
    private func serial(_ value: String?) -> Bool {
        guard let value, Self.isGPONSerial(value), case .patterns(let patterns) = test else { return text(value) }
        let folded = value.lowercased()
        let upper = value.uppercased()
        return patterns.contains { pattern in
            switch pattern {
            case .exact(let e): return e.lowercased() == folded
            case .glob(let g): return TextPattern.globMatch(g.lowercased(), folded)
            case .regex(let r): return r.matches(value) || r.matches(upper)
            }
        }
    }

    /// A MAC address matches whatever the case of its hex digits (ONOS writes `AA:BB:…`, operators
    /// and DHCP logs often `aa:bb:…`): exact texts and globs compare without case, a regex is tried
    /// on the value as given and in upper case.
    private func caseless(_ value: String?) -> Bool {
        guard let value, value.utf8.count <= TextPattern.maxTextLength, case .patterns(let patterns) = test else {
            return text(value)
        }
        let folded = value.lowercased()
        return patterns.contains { pattern in
            switch pattern {
            case .exact(let e): return e.lowercased() == folded
            case .glob(let g): return TextPattern.globMatch(g.lowercased(), folded)
            case .regex(let r): return r.matches(value) || r.matches(value.uppercased())
            }
        }
    }

    /// Four ASCII letters and eight hex digits (ITU-T G.984.3 `Serial_Number` as VOLTHA shows it).
    static func isGPONSerial(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == 12 else { return false }
        func letter(_ b: UInt8) -> Bool { (65...90).contains(b) || (97...122).contains(b) }
        func hex(_ b: UInt8) -> Bool { (48...57).contains(b) || (65...70).contains(b) || (97...102).contains(b) }
        return utf8.prefix(4).allSatisfy(letter) && utf8.dropFirst(4).allSatisfy(hex)
    }

    private func number(_ value: UInt32?) -> Bool {
        guard let value else { return false }
        switch test {
        case .numbers(let ranges): return ranges.contains { $0.contains(value) }
        case .patterns: return text(String(value))
        case .versions: return false
        }
    }

    /// The condition as a reader sees it (`serial in "HWTC*", "ALCL*"`).
    public var summary: String {
        switch test {
        case .patterns(let p): "\(field.rawValue) matches \(p.map(\.description).joined(separator: " or "))"
        case .versions(let v):
            "\(field.rawValue) \(v.map { "\($0.op.rawValue) \($0.version)" }.joined(separator: " and "))"
        case .numbers(let r):
            "\(field.rawValue) in \(r.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ", "))"
        }
    }
}
