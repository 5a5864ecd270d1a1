public import DeviceTrees

/// GenieACS device ids (GenieACS 1.2.16 lib/util.ts:3-27): one implementation, in DeviceTrees, that
/// the rule evaluator and the stand-in share.
public typealias GenieACSDeviceID = DeviceTrees.GenieACSDeviceID

extension DeviceTrees.GenieACSDeviceID {
    /// Two upper-case hex digits, zero-padded, as URL percent-encoding wants (``NBIPath``); device ids
    /// themselves are not zero-padded (``escape(_:)``).
    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
