import CWMP
import Testing

@testable import DataModel

/// xsd:dateTime as XML Schema 1.0 Part 2 §3.2.7 defines its lexical space.
@Suite("dateTime lexical space: seconds 00-59, zone offsets within ±14:00")
struct DateTimeLexicalTests {
    @Test(
        "a leap second and an offset beyond ±14:00 are not xsd:dateTime values",
        arguments: [
            "2024-12-31T23:59:60Z", "2024-03-18T06:00:03+14:59", "2024-03-18T06:00:03-14:01",
            "2024-03-18T06:00:03+15:00",
        ]
    )
    func refused(_ text: String) {
        #expect(CWMPDateTime(text) == nil)
        let tree = ParameterTree([ParameterEntry(path: "Device.Time.CurrentLocalTime", value: text, type: .dateTime)])
        #expect(TreeValidator(models: Models.all).validate(tree).findings.map(\.code) == [.invalidLexicalValue])
    }

    @Test(
        "the edges of the lexical space are accepted",
        arguments: [
            "2024-12-31T23:59:59Z", "2024-03-18T06:00:03+14:00", "2024-03-18T06:00:03-14:00", "2024-03-18T24:00:00Z",
            "0001-01-01T00:00:00Z", "2024-03-18T06:00:03.123456", "2024-03-18T06:00:03+05:45",
        ]
    )
    func accepted(_ text: String) {
        #expect(CWMPDateTime(text) != nil)
    }
}
