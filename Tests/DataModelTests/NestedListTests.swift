import CWMP
import Testing

@testable import DataModel

/// Lists whose items are lists (cwmp-datamodel-1-14.xsd:201-222 `ListNesting`, default `legacy` at :1611).
@Suite("Lists of lists: nestedBrackets required, permitted and legacy; inner lists checked against the item dataType")
struct NestedListTests {
    static func codes(_ path: String, _ value: String) -> [FindingCode] {
        let tree = ParameterTree([ParameterEntry(path: path, value: value, type: .string)])
        return TreeValidator(models: Models.all).validate(tree).findings.map(\.code)
    }

    /// tr-181-2-17-0-cwmp-full.xml:31955: list 2..32, nestedBrackets="required", of
    /// PSMBreakPointIndexAndLevel (a list of 2 unsignedInt, :1060).
    static let psm = "Device.Ghn.Interface.1.PSM"
    /// tr-181-2-17-0-cwmp-full.xml:15487: list 1..48 of PSDBreakPointIndexAndLevel.
    static let psd = "Device.DSL.Diagnostics.SELTP.CapacitySignalPSD"

    @Test("the model keeps the outer list, the inner list's bounds and the nesting")
    func loaded() throws {
        let list = try #require(Models.tr181.parameters["Device.Ghn.Interface.{i}.PSM"]?.syntax.list)
        #expect(list.minItems == 2 && list.maxItems == 32 && list.nesting == .required)
        #expect(list.inner == ListFacet.InnerList(minItems: 2, maxItems: 2))
        // A list-valued dataType used alone (MocaBand) stays a flat list.
        #expect(Models.tr181.parameters["Device.MoCA.Interface.{i}.SupportedBands"]?.syntax.list?.inner == nil)
    }

    @Test("the bracketed form is accepted where brackets are required")
    func bracketed() {
        #expect(Self.codes(Self.psm, "[10,500],[20,600]") == [])
        #expect(Self.codes(Self.psm, " [10, 500] , [20,600] ") == [])
        #expect(Self.codes(Self.psd, "[100,1200],[200,1300]") == [])
        #expect(Self.codes(Self.psd, "[100,1200]") == [])
    }

    @Test("the flat and escaped forms are refused where brackets are required")
    func unbracketed() {
        #expect(Self.codes(Self.psm, "10,500,20,600") == [.listViolation])
        #expect(Self.codes(Self.psm, "10%2C500,20%2C600") == [.listViolation])
        #expect(Self.codes(Self.psm, "[10,500],20,600") == [.listViolation])
        #expect(Self.codes(Self.psm, "[10,500],[20,600") == [.listViolation])
        #expect(Self.codes(Self.psm, "[10,[500]],[20,600]") == [.listViolation])
    }

    @Test("outer and inner item counts and the inner items' type are checked")
    func counts() {
        // One breakpoint: PSM needs at least 2.
        #expect(Self.codes(Self.psm, "[10,500]") == [.listViolation])
        // An inner list of 3 items: the dataType's list is exactly 2.
        #expect(Self.codes(Self.psm, "[10,500,7],[20,600]") == [.listViolation])
        // Each inner item is an unsignedInt.
        #expect(Self.codes(Self.psm, "[10,-5],[20,600]") == [.invalidLexicalValue])
        let tooMany = (0..<33).map { "[\($0),1]" }.joined(separator: ",")
        #expect(Self.codes(Self.psm, tooMany) == [.listViolation])
    }

    @Test("legacy and permitted nesting, as the schema defines them")
    func otherNestings() {
        #expect(ValueChecker.nestedItems("1%2C2,3%2c4", .legacy) == [["1", "2"], ["3", "4"]])
        #expect(ValueChecker.nestedItems("[1,2],[3,4]", .permitted) == [["1", "2"], ["3", "4"]])
        #expect(ValueChecker.nestedItems("1%2C2,3%2C4", .permitted) == [["1", "2"], ["3", "4"]])
        #expect(ValueChecker.nestedItems("1%2C2", .required) == nil)
        #expect(ValueChecker.nestedItems("", .required) == [])
    }

    @Test("splitting stays linear on long hostile input")
    func linear() {
        let long = String(repeating: "[", count: 200_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(ValueChecker.nestedItems(long, .required) == nil)
            #expect(
                ValueChecker.nestedItems(String(repeating: "[1,2],", count: 50_000) + "[1,2]", .required)?.count
                    == 50_001
            )
        }
        #expect(elapsed < .seconds(2))
    }
}
