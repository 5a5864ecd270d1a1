import PONTriggers
import Testing

@Suite struct GPONSerialTests {
    @Test("a GPON serial's vendor letters are hex-encoded as the CPE reports them")
    func hexVendorForm() {
        #expect(GPONSerial.hexVendorForm("HWTC1A2B3C4D") == "485754431A2B3C4D")
        #expect(GPONSerial.hexVendorForm("HWTC1a2b3c4d") == "485754431A2B3C4D")
        #expect(GPONSerial.hexVendorForm("485754431A2B3C4D") == nil)
        #expect(GPONSerial.vendor("ALCLB2C3D4E5") == "ALCL")
        #expect(GPONSerial.vendor("HWTC1A2B3C4") == nil)
        #expect(!GPONSerial.isValid("HWTC1A2B3C4G"))
    }
}
