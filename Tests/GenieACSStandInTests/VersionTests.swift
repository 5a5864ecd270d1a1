import GenieACSStandIn
import Testing

@Suite struct VersionTests {
    @Test("the stand-in reproduces GenieACS 1.2.16")
    func version() { #expect(GenieACSVersion.reproduced == "1.2.16") }
}
