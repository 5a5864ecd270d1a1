import Campaigns
import Foundation
import Testing

@Suite("IANA zone names")
struct IANAZoneTests {
    @Test("a known name is a zone; the same name with a NUL, a space or a control byte is not, cached or not")
    func exactNames() {
        #expect(IANAZone.named("Asia/Tokyo")?.identifier == "Asia/Tokyo")
        #expect(IANAZone.named("America/Argentina/Buenos_Aires") != nil)
        #expect(IANAZone.named("Etc/GMT+5") != nil)
        for name in [
            "Asia/Tokyo\u{0}junk", "Asia/Tokyo ", "Asia/Tokyo\u{85}", "", "Nowhere/Atlantis",
            String(repeating: "A", count: 65),
        ] {
            #expect(IANAZone.named(name) == nil, "\(name.debugDescription)")
        }
    }
}
