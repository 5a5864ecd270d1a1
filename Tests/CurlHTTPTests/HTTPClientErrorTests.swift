import CurlHTTP
import Testing

@Suite struct HTTPClientErrorTests {
    @Test("errors never show URL credentials")
    func redaction() {
        let error = HTTPClientError(
            kind: .connect,
            method: "GET",
            url: "http://admin:s3cret@acs:7557/devices",
            detail: ""
        )
        #expect(!error.description.contains("s3cret"))
        #expect(error.description.contains("http://acs:7557/devices"))
    }
}
