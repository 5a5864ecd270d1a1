// A minimal protobuf writer for `event.Event` (voltha-protos `events.proto`: Event{header 1,
// device_event 5}, EventHeader{id 1, category 2, sub_category 3, type 4, type_version 5, raised_ts 6},
// DeviceEvent{resource_id 1, device_event_name 2, description 3, context 4 (map<string,string>)}),
// enough to give the decoder the bytes VOLTHA publishes.
struct Wire {
    var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func int(_ field: Int, _ value: UInt64) {
        varint(UInt64(field << 3))
        varint(value)
    }

    mutating func bytes(_ field: Int, _ value: [UInt8]) {
        varint(UInt64(field << 3 | 2))
        varint(UInt64(value.count))
        bytes += value
    }

    mutating func string(_ field: Int, _ value: String) { bytes(field, Array(value.utf8)) }

    /// One `event.Event` carrying a `DeviceEvent`.
    static func deviceEvent(
        name: String,
        headerID: String,
        category: UInt64,
        subCategory: UInt64,
        resourceID: String,
        raisedSeconds: UInt64,
        context: [String: String]
    ) -> [UInt8] {
        var timestamp = Wire()
        timestamp.int(1, raisedSeconds)
        var header = Wire()
        header.string(1, headerID)
        header.int(2, category)
        header.int(3, subCategory)
        header.int(4, 3)  // DEVICE_EVENT
        header.string(5, "0.1")
        header.bytes(6, timestamp.bytes)
        header.bytes(7, timestamp.bytes)
        var device = Wire()
        device.string(1, resourceID)
        device.string(2, name)
        device.string(3, "")
        for (key, value) in context.sorted(by: { $0.key < $1.key }) {
            var entry = Wire()
            entry.string(1, key)
            entry.string(2, value)
            device.bytes(4, entry.bytes)
        }
        var event = Wire()
        event.bytes(1, header.bytes)
        event.bytes(5, device.bytes)
        return event.bytes
    }
}
