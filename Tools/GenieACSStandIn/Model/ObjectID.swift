/// MongoDB ObjectIds as the NBI shows them: 24 lower-case hex digits (GenieACS 1.2.16 lib/api-functions.ts:369-370;
/// lib/nbi.ts:630-636).
enum ObjectID {
    /// A new id: 4 bytes of seconds, then a process-wide counter, so ids increase in creation order.
    static func make(seconds: Int64, counter: UInt64) -> String {
        hex(UInt64(UInt32(truncatingIfNeeded: seconds)), width: 8) + hex(counter & 0xFFFF_FFFF_FFFF_FFFF, width: 16)
    }

    /// What `new ObjectId(text)` accepts (bson 4.7.2 src/objectid.ts:77-91): 24 hex digits, or a string of
    /// 12 UTF-16 units that is 12 UTF-8 bytes, taken as the raw bytes; nil where it throws.
    static func normalize(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        if bytes.count == 24, bytes.allSatisfy(isHex) { return text.lowercased() }
        if text.utf16.count == 12, bytes.count == 12 {
            return bytes.map { hex(UInt64($0), width: 2) }.joined()
        }
        return nil
    }

    /// The `BSONTypeError` `new ObjectId(text)` throws for a text ``normalize(_:)`` refuses.
    static func crash(for text: String) -> WorkerCrash {
        text.utf16.count == 12
            ? WorkerCrash("BSONTypeError: Argument passed in must be a string of 12 bytes")
            : WorkerCrash(
                "BSONTypeError: Argument passed in must be a string of 12 bytes or a string of 24 hex characters or an integer"
            )
    }

    private static func isHex(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)
    }

    private static func hex(_ value: UInt64, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
