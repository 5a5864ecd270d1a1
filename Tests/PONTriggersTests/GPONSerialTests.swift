import PONEvents
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

    @Test("VOLTHA's lower-case hex and the label's upper case are one ONU; other texts compare exactly")
    func sameONU() {
        #expect(GPONSerial.canonical("ALCL78DE45B1") == "ALCL78de45b1")
        #expect(GPONSerial.canonical("alcl78de45b1") == "ALCL78de45b1")
        #expect(GPONSerial.same("ALCL78de45b1", "ALCL78DE45B1"))
        #expect(!GPONSerial.same("ALCL78de45b1", "ALCL78de45b2"))
        #expect(GPONSerial.canonical("onu-serial-x") == "onu-serial-x")
        #expect(!GPONSerial.same("Serial-A", "serial-a"))
    }
}
