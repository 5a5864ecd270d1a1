import DeviceTrees
import GenieACS
import Testing

@Suite struct DeviceIDTests {
    @Test("device ids escape every character outside [A-Za-z0-9_] per UTF-8 byte (lib/util.ts)")
    func escaping() {
        #expect(
            GenieACSDeviceID.make(oui: "00259E", productClass: "HG8245", serialNumber: "SR360NA0A4-0003196")
                == "00259E-HG8245-SR360NA0A4%2D0003196"
        )
        #expect(GenieACSDeviceID.make(oui: "202BC1", productClass: nil, serialNumber: "000001") == "202BC1-000001")
        #expect(GenieACSDeviceID.make(oui: "A", productClass: "B C", serialNumber: "é") == "A-B%20C-%C3%A9")
    }
}
