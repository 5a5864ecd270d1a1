/// GPON / XGS-PON ONU serial numbers: four ASCII vendor letters and eight hex digits (`HWTC1A2B3C4D`;
/// ITU-T G.984.3 `Serial_Number` = 4-byte vendor id + 4-byte vendor-specific serial, which VOLTHA shows
/// as the letters and the hex of the rest: voltha-openolt-adapter `internal/pkg/core/device_handler.go`
/// `getONUSerialNumber`).
public enum GPONSerial {
    /// Whether `serial` has the GPON form.
    public static func isValid(_ serial: String) -> Bool {
        // The UTF-8 view walked in place: no copy per check (it runs for every event's facts).
        let utf8 = serial.utf8
        guard utf8.count == 12 else { return false }
        return utf8.prefix(4).allSatisfy { isLetter($0) } && utf8.dropFirst(4).allSatisfy { isHex($0) }
    }

    /// The form VOLTHA gives a GPON serial: the vendor letters in upper case and the vendor-specific
    /// hex in lower case (voltha-openolt-adapter `internal/pkg/core/device_handler.go:2256-2270`,
    /// `stringifyVendorSpecific` formats it with `%x`): `ALCL78DE45B1` and `alcl78de45b1` are both
    /// `ALCL78de45b1`, the way the serial reads on the ONU's label or in GenieACS. Other texts are
    /// returned as they are.
    public static func canonical(_ serial: String) -> String {
        guard isValid(serial) else { return serial }
        return serial.prefix(4).uppercased() + serial.dropFirst(4).lowercased()
    }

    /// The serial openonu reports when the ONU-G's serial attribute has the wrong length:
    /// `cEmptySerialNumberString` (voltha-openonu-adapter-go `internal/pkg/mib/onu_device_entry.go:134`,
    /// set in `mib_sync.go:1227-1231`, sent as `onu-serial-number` by `internal/pkg/almgr/alarm_manager.go:748-755`).
    /// Every such ONU has it: it names none.
    public static let placeholder = "0000000000000000"

    /// The one form Ferrule keeps an ONU serial in: ``canonical(_:)`` (VOLTHA's own spelling, so
    /// `ALCL78DE45B1` and `ALCL78de45b1` are one ONU in the store, its alarms and its queries); nil
    /// for no serial — absent, empty, or openonu's ``placeholder``.
    public static func normalised(_ serial: String?) -> String? {
        guard let serial, !serial.isEmpty, serial != placeholder else { return nil }
        return canonical(serial)
    }

    /// Whether `a` and `b` name the same ONU: equal, or GPON serials equal but for the case of
    /// their letters (``canonical(_:)``).
    public static func same(_ a: String, _ b: String) -> Bool {
        a == b || (isValid(a) && isValid(b) && canonical(a) == canonical(b))
    }

    /// The vendor letters of a GPON serial, nil for other texts.
    public static func vendor(_ serial: String) -> String? {
        isValid(serial) ? String(serial.prefix(4)) : nil
    }

    /// The serial with its vendor letters hex-encoded (`485754431A2B3C4D`), in upper case; nil for
    /// other texts.
    public static func hexVendorForm(_ serial: String) -> String? {
        guard isValid(serial) else { return nil }
        let digits = Array("0123456789ABCDEF")
        var out = ""
        for byte in serial.utf8.prefix(4) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return out + serial.dropFirst(4).uppercased()
    }

    private static func isLetter(_ b: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b)
    }

    private static func isHex(_ b: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(b)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(b)
    }
}
