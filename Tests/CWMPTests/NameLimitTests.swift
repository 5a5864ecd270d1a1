import Foundation
import Testing

@testable import CWMP

/// Parse time stays linear in the number of distinct names (issue 13, item 3): names are interned
/// by hash, and an element's attribute count and a document's distinct names are capped.
@Suite("Distinct names and attributes are bounded: linear parse time, clear limit errors")
struct NameLimitTests {
    static func envelope(_ inner: String) -> [UInt8] {
        TestSupport.envelope("<cwmp:GetRPCMethods>\(inner)</cwmp:GetRPCMethods>")
    }

    /// The CPU time `body` takes on this thread: what the parser costs, whatever else the machine
    /// runs at the same time (wall-clock bounds failed on a loaded 2-core machine).
    static func elapsed(_ body: () -> Void) -> Duration {
        func now() -> Duration {
            var spec = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
            return .seconds(spec.tv_sec) + .nanoseconds(spec.tv_nsec)
        }
        let start = now()
        body()
        return now() - start
    }

    @Test("an attribute value past libxml2's 10 MB limit is too-large naming the limit, not a corrupt capture")
    func libxml2SizeLimit() throws {
        let long = String(repeating: "a", count: 10_000_001)
        #expect(throws: Never.self, "text is streamed, so no limit applies") {
            try CWMPParser().parse(Self.envelope("<x>\(long)</x>"))
        }
        for doc in [Self.envelope("<x v=\"\(long)\"/>")] {
            do {
                _ = try CWMPParser().parse(doc)
                Issue.record("parsed a 10 MB value")
            } catch {
                #expect(error.code == .tooLarge, "\(error)")
                #expect(error.message.contains("libxml2's size limits"), "\(error.message)")
                #expect(error.hint?.contains("capture it again") == false, "\(error)")
            }
        }
    }

    @Test("60,000 distinct attributes on one element are refused at once with the limit and line")
    func manyAttributes() throws {
        let attributes = (0..<60_000).map { "a\($0)=\"1\"" }.joined(separator: " ")
        let doc = Self.envelope("\n<x \(attributes)/>")
        var thrown: CWMPParseError?
        let time = Self.elapsed {
            do { _ = try CWMPParser().parse(doc) } catch { thrown = error as? CWMPParseError }
        }
        let error = try #require(thrown)
        #expect(error.code == .tooManyAttributes)
        #expect(error.line == 4)
        #expect(error.message.contains("256"), "\(error.message)")
        let hint = try #require(error.hint)
        #expect(hint.contains("more than 256 is refused"), "\(hint)")
        #expect(!hint.contains("Limits"), "an operator cannot act on an internal type: \(hint)")
        #expect(time < .milliseconds(500), "took \(time)")
    }

    @Test("a '<' inside a quoted value does not hide 60,000 attributes from the cap, nor cost quadratic time")
    func lessThanInValueBeforeManyAttributes() throws {
        let attributes = (0..<60_000).map { "a\($0)=\"1\"" }.joined(separator: " ")
        let doc = Self.envelope("<x v=\"<\" \(attributes)/><y q='<' \(attributes)/>")
        var thrown: CWMPParseError?
        let time = Self.elapsed {
            do { _ = try CWMPParser().parse(doc) } catch { thrown = error as? CWMPParseError }
        }
        #expect(thrown?.code == .tooManyAttributes, "\(String(describing: thrown))")
        #expect(time < .milliseconds(500), "took \(time)")
    }

    @Test("short tags are skipped by the pre-scan, a tag with exactly the cap is accepted, one more is refused")
    func capBoundary() throws {
        let limits = CWMPParser.Limits(maxAttributesPerElement: 8)
        func tag(_ n: Int) -> String { "<x " + (0..<n).map { "a\($0)=\"1\"" }.joined(separator: " ") + "/>" }
        _ = try CWMPParser(limits: limits).parse(Self.envelope(tag(8) + "<y>text</y>"))
        #expect { try CWMPParser(limits: limits).parse(Self.envelope(tag(9))) } throws: {
            ($0 as? CWMPParseError)?.code == .tooManyAttributes
        }
    }

    @Test("20,000 namespace declarations on one element count as attributes")
    func manyNamespaceDeclarations() throws {
        let declarations = (0..<20_000).map { "xmlns:p\($0)=\"urn:x\($0)\"" }.joined(separator: " ")
        let doc = Self.envelope("<x \(declarations)/>")
        #expect { try CWMPParser().parse(doc) } throws: { ($0 as? CWMPParseError)?.code == .tooManyAttributes }
    }

    @Test("'=' and '>' inside quoted values, comments and CDATA are not counted as attributes")
    func scanSkipsValuesAndComments() throws {
        let quoted = String(repeating: "=", count: 1_000)
        let doc = Self.envelope(
            "<x a=\"\(quoted)>\" b='\(quoted)'/><!-- <y \(quoted)> --><z><![CDATA[<w \(quoted)>]]></z>"
        )
        let parsed = try CWMPParser().parse(doc)
        #expect(parsed.message.envelope?.body.methodName == "GetRPCMethods")
    }

    @Test("60,000 distinct element names are refused at the distinct-name limit, in well under a second")
    func manyElementNames() throws {
        let doc = Self.envelope((0..<60_000).map { "<e\($0)/>" }.joined())
        var thrown: CWMPParseError?
        let time = Self.elapsed {
            do { _ = try CWMPParser().parse(doc) } catch { thrown = error as? CWMPParseError }
        }
        let error = try #require(thrown)
        #expect(error.code == .tooManyNames)
        #expect(error.message.contains("10000"), "\(error.message)")
        let hint = try #require(error.hint)
        #expect(hint.contains("more than 10000") && hint.contains("refused"), "\(hint)")
        #expect(!hint.contains("Limits"), "an operator cannot act on an internal type: \(hint)")
        #expect(time < .milliseconds(500), "took \(time)")
    }

    @Test("9,000 distinct element names (under the limit) parse in linear time")
    func namesUnderTheLimit() throws {
        let small = Self.envelope((0..<900).map { "<e\($0)/>" }.joined())
        let large = Self.envelope((0..<9_000).map { "<e\($0)/>" }.joined())
        _ = try CWMPParser().parse(small)
        let smallTime = (0..<3).map { _ in Self.elapsed { _ = try? CWMPParser().parse(small) } }.min() ?? .zero
        let largeTime = (0..<3).map { _ in Self.elapsed { _ = try? CWMPParser().parse(large) } }.min() ?? .zero
        _ = try CWMPParser().parse(large)
        // Ten times the names: linear is ~10×, quadratic ~100×. Allow generous noise.
        #expect(largeTime < smallTime * 40 + .milliseconds(50), "900: \(smallTime), 9,000: \(largeTime)")
    }

    @Test("distinct namespace URIs count toward the distinct-name limit")
    func manyNamespaces() throws {
        let inner = (0..<12_000).map { "<p:e xmlns:p=\"urn:n\($0)\"/>" }.joined()
        let time = Self.elapsed {
            #expect { try CWMPParser().parse(Self.envelope(inner)) } throws: {
                ($0 as? CWMPParseError)?.code == .tooManyNames
            }
        }
        #expect(time < .milliseconds(500), "took \(time)")
    }

    @Test("the caps are configurable and documented defaults")
    func defaults() throws {
        let limits = CWMPParser.Limits()
        #expect(limits.maxAttributesPerElement == 256)
        #expect(limits.maxDistinctNames == 10_000)
        let raised = CWMPParser(limits: .init(maxAttributesPerElement: 70_000))
        let attributes = (0..<1_000).map { "a\($0)=\"1\"" }.joined(separator: " ")
        _ = try raised.parse(Self.envelope("<x \(attributes)/>"))
    }
}
