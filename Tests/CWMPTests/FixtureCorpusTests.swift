import DeviceTrees
import FerruleTestSupport
import Foundation
import Testing

@testable import CWMP

/// The hand-written corpus in `Fixtures/cwmp/` (see its README): every message type, every quirk,
/// vendor styles; and `Fixtures/cwmp-rejected/`, what must be refused.
@Suite("Fixture corpus")
struct FixtureCorpusTests {
    /// Expected warning codes per fixture, read from the last column of `Fixtures/cwmp/README.md`.
    static func expectations() throws -> [(file: String, codes: Set<String>)] {
        let readme = String(decoding: try Repository.bytes("Fixtures/cwmp/README.md"), as: UTF8.self)
        let known = Set(try Self.allCodes())
        var result: [(String, Set<String>)] = []
        var seen: Set<String> = []
        for line in readme.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count >= 5, cells[1].hasSuffix(".xml`"), !cells[1].contains("/") else { continue }
            let file = String(cells[1].dropFirst().dropLast())
            guard !seen.contains(file) else { continue }
            seen.insert(file)
            let last = cells[cells.count - 2]
            // "none with the HTTP charset; …" and similar: the codes before any ';' or '(' apply.
            let head = last.split(whereSeparator: { $0 == ";" || $0 == "(" }).first.map(String.init) ?? ""
            let codes = head.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                known.contains($0)
            }
            result.append((file, Set(codes)))
        }
        return result
    }

    static func allCodes() throws -> [String] {
        let source = String(
            decoding: try Repository.bytes("Sources/CWMP/Diagnostics/CWMPWarning.swift"),
            as: UTF8.self
        )
        return source.split(separator: "\n").compactMap { line in
            guard let r = line.range(of: "Code(rawValue: \"") else { return nil }
            return line[r.upperBound...].split(separator: "\"").first.map(String.init)
        }
    }

    @Test("every file in Fixtures/cwmp parses and raises exactly the warnings its README row names")
    func corpus() throws {
        let files = try Repository.files(in: "Fixtures/cwmp", extension: "xml")
        #expect(files.count >= 120)
        let expected = Dictionary(uniqueKeysWithValues: try Self.expectations().map { ($0.file, $0.codes) })
        for file in files {
            let bytes = try Repository.bytes("Fixtures/cwmp/" + file)
            let charset = file == "quirk-latin1-no-declaration.xml" ? "ISO-8859-1" : nil
            let parsed: ParsedMessage
            do {
                parsed = try CWMPParser().parse(bytes, charset: charset)
            } catch {
                Issue.record("\(file): \(error)")
                continue
            }
            guard let codes = expected[file] else {
                Issue.record("\(file) has no row in Fixtures/cwmp/README.md")
                continue
            }
            #expect(Set(parsed.warnings.map(\.code.rawValue)) == codes, "\(file): \(parsed.warnings)")
        }
    }

    @Test("every TR-069 method has a request or response fixture that parses into its typed case")
    func everyMethodHasAFixture() throws {
        var seen: Set<String> = []
        for file in try Repository.files(in: "Fixtures/cwmp", extension: "xml") {
            if let envelope = try? CWMPParser().parse(Repository.bytes("Fixtures/cwmp/" + file)).message.envelope {
                if case .unknown = envelope.body { continue }
                seen.insert(envelope.body.methodName)
            }
        }
        for method in CWMPBody.knownMethodNames + ["Fault"] {
            #expect(seen.contains(method), "no fixture for \(method)")
        }
    }

    @Test("every parsed fixture survives serialize → parse unchanged")
    func fixturesRoundTrip() throws {
        for file in try Repository.files(in: "Fixtures/cwmp", extension: "xml") {
            let charset = file == "quirk-latin1-no-declaration.xml" ? "ISO-8859-1" : nil
            guard
                let envelope = try CWMPParser().parse(Repository.bytes("Fixtures/cwmp/" + file), charset: charset)
                    .message.envelope
            else { continue }
            let again = try CWMPParser().parse(CWMPSerializer.serialize(envelope))
            #expect(again.message.envelope == envelope, "\(file)")
        }
    }

    @Test(
        "the quirk fixtures keep their values exactly",
        arguments: [
            ("quirk-latin1-declared.xml", "é"),
            ("quirk-utf16le-bom.xml", "Device."),
            ("quirk-value-entities.xml", "&"),
        ]
    )
    func valuesSurvive(file: String, fragment: String) throws {
        let parsed = try CWMPParser().parse(Repository.bytes("Fixtures/cwmp/" + file))
        #expect(TestSupport.parameters(parsed).contains { ($0.name + ($0.value?.raw ?? "")).contains(fragment) })
    }

    @Test(
        "every file in Fixtures/cwmp-rejected is refused with its reason",
        arguments: [
            ("bad-billion-laughs.xml", CWMPParseError.Code.doctype),
            ("bad-xxe-file.xml", .doctype),
            ("bad-external-dtd.xml", .doctype),
            ("bad-encoding-ebcdic.xml", .unsupportedCharset),
            ("bad-deep-nesting.xml", .tooDeep),
            ("bad-too-many-attributes.xml", .tooManyAttributes),
            ("bad-too-many-names.xml", .tooManyNames),
            ("bad-no-envelope.xml", .noEnvelope),
            ("bad-envelope-without-body.xml", .noBody),
            ("bad-truncated-inform.xml", .notWellFormed),
            ("bad-mismatched-closing-tag.xml", .notWellFormed),
        ]
    )
    func rejected(file: String, code: CWMPParseError.Code) throws {
        let bytes = try Repository.bytes("Fixtures/cwmp-rejected/" + file)
        #expect { try CWMPParser().parse(bytes) } throws: { error in
            guard let error = error as? CWMPParseError else { return false }
            return error.code == code && (error.line ?? 0) > 0
        }
        #expect(try Repository.files(in: "Fixtures/cwmp-rejected", extension: "xml").count == 11)
    }

    @Test(
        "the tree fixtures load",
        arguments: [
            "nbi-device-tr098.json", "nbi-device-tr181.json", "genieacs-sim-tr098.csv", "genieacs-export-tr181.csv",
        ]
    )
    func treeFixtures(file: String) throws {
        let (tree, _) = try ParameterTree.load(Repository.bytes("Fixtures/trees/" + file), file: file)
        #expect(tree.count >= 40)
        #expect(tree.roots.contains { $0 == "Device." || $0 == "InternetGatewayDevice." })
        #expect(tree.entries.contains { $0.value != nil && $0.type != nil })
    }
}
