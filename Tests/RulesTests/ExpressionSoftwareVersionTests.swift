import Testing

@testable import Rules

@Suite("Software versions")
struct ExpressionSoftwareVersionTests {
    @Test(
        "ordered as people read them, unlike GenieACS's string comparison",
        arguments: [
            ("9.0", "10.0"), ("4.2.7-build1187", "4.2.10"), ("4.2.7", "4.2.7-build1187"), ("2.9.9", "2.10.1"),
            ("V1R2C3", "V1R10C0"), ("V100R001C00SPC100", "V100R001C00SPC200"), ("2.beta", "2.1"), ("1.0", "1.0.0"),
            ("1.0-rc1", "1.0-rc2"), ("99999999999999999999", "100000000000000000000"), ("A", "b"),
        ]
    )
    func ordering(lower: String, higher: String) {
        let a = SoftwareVersion(lower)
        let b = SoftwareVersion(higher)
        #expect(a < b)
        #expect(b > a)
        #expect(a != b)
        #expect(SoftwareVersion.compare(a, b) == -1)
        #expect(SoftwareVersion.compare(b, a) == 1)
    }

    @Test("the string comparison GenieACS does gets these wrong")
    func lexicographicDiffers() throws {
        let wrong = try Expression.parse("'10.0' > '9.0'", context: .precondition).evaluate(in: Values())
        #expect(wrong == false)
        #expect(SoftwareVersion("10.0") > SoftwareVersion("9.0"))
    }

    @Test(
        "equal when their segments are equal",
        arguments: [("1.0", "1-0"), ("007", "7"), ("V1R2C3", "v1r2c3"), ("1.2 build 3", "1.2-build3")]
    )
    func equality(a: String, b: String) {
        #expect(SoftwareVersion(a) == SoftwareVersion(b))
        #expect(SoftwareVersion(a).hashValue == SoftwareVersion(b).hashValue)
        #expect(SoftwareVersion.compare(SoftwareVersion(a), SoftwareVersion(b)) == 0)
    }

    @Test("segments split digits from letters and drop separators")
    func segments() {
        #expect(
            SoftwareVersion("4.2.7-build1187").segments == [
                .number("4"), .number("2"), .number("7"), .text("build"), .number("1187"),
            ]
        )
        #expect(SoftwareVersion("V1R2C3").segments.map(\.description) == ["v", "1", "r", "2", "c", "3"])
        #expect(SoftwareVersion("00.010").segments == [.number("0"), .number("10")])
        #expect(SoftwareVersion("").segments.isEmpty)
        #expect(SoftwareVersion("4.2.7-build1187").description == "4.2.7-build1187")
    }
}
