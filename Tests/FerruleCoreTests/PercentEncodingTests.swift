import FerruleCore
import Testing

@Suite struct PercentEncodingTests {
    @Test("unreserved characters stay; every other UTF-8 byte becomes two upper-case hex digits")
    func encodesOutsideUnreserved() {
        #expect(PercentEncoding.encode("AZaz09-._~") == "AZaz09-._~")
        #expect(PercentEncoding.encode("a b/c:d%e") == "a%20b%2Fc%3Ad%25e")
        #expect(PercentEncoding.encode("\n\u{01}é") == "%0A%01%C3%A9")
    }

    @Test("characters a caller keeps stay, everything else is still encoded")
    func keepsWhatTheCallerKeeps() {
        #expect(PercentEncoding.encode("of:0001/16", keeping: ":") == "of:0001%2F16")
        #expect(PercentEncoding.encode("/tmp/a b.xml", keeping: "/") == "/tmp/a%20b.xml")
    }
}
