import FerruleJSON
import Testing

@testable import GenieACSStandIn

/// The small rules of GenieACS 1.2.16's NBI the stand-in reproduces, each checked against the source's own result.
@Suite struct SourceRuleTests {
    @Test(
        "stringToRegexp: only the first special character is escaped, only the first inner * widened (lib/query.ts:5-17)"
    )
    func wildcard() {
        #expect(QueryCompiler.wildcardPattern("1.2.*") == #"^1\.2."#)
        #expect(QueryCompiler.wildcardPattern("A*X*3") == "^A.*X*3$")
        #expect(QueryCompiler.wildcardPattern("*abc*") == "abc")
        #expect(QueryCompiler.wildcardPattern("*") == "$")
        #expect(QueryCompiler.wildcardPattern("abc") == nil)
    }

    @Test("normalize: a number alternative only where +s === parseFloat(s) (lib/query.ts:25)")
    func numbers() {
        #expect(QueryCompiler.decimalNumber("5") == 5)
        #expect(QueryCompiler.decimalNumber(" 5 ") == 5)
        #expect(QueryCompiler.decimalNumber("1e3") == 1000)
        #expect(QueryCompiler.decimalNumber("0x10") == nil)
        #expect(QueryCompiler.decimalNumber("0b1") == nil)
        #expect(QueryCompiler.decimalNumber("") == nil)
        #expect(QueryCompiler.decimalNumber("1.2.3") == nil)
        #expect(QueryCompiler.jsNumber("0x10") == 16)
    }

    @Test(
        "a /pattern/flags string: flags only g?i?m?y? in that order, the lazy group takes the first fitting / (lib/query.ts:22)"
    )
    func regexLiterals() {
        #expect(JSRegex.literalParts("/a/gi")?.pattern == "a")
        #expect(JSRegex.literalParts("/a/ig") == nil)
        #expect(JSRegex.literalParts("/a/s") == nil)
        #expect(JSRegex.literalParts("/a/b/")?.pattern == "a/b")
        #expect(JSRegex.literalParts("/a/i/g")?.pattern == "a/i")
    }

    @Test("$ne/$not beside other operators throws only for several alternatives (lib/query.ts:111-116)")
    func neRule() throws {
        let compiler = QueryCompiler(collection: .devices)
        #expect(throws: Never.self) { try compiler.compile(json(#"{"A":{"$exists":true,"$ne":"1.2.3"}}"#)) }
        #expect(throws: Never.self) { try compiler.compile(json(#"{"A":{"$exists":true,"$ne":null}}"#)) }
        #expect(throws: WorkerCrash.self) { try compiler.compile(json(#"{"A":{"$exists":true,"$ne":"7"}}"#)) }
        #expect(throws: WorkerCrash.self) { try compiler.compile(json(#"{"A":{"$gt":"1","$not":{"$eq":1}}}"#)) }
        #expect(try QueryCompiler.alternatives(json(#"{"$gt":"5","$lt":"9","$exists":true}"#)) == 4)
        // An invalid regex GenieACS builds throws in `new RegExp` (lib/query.ts:23).
        #expect(throws: WorkerCrash.self) { try compiler.compile(json(#"{"A":"/(/"}"#)) }
    }

    @Test("collection names: lib/nbi.ts:592-600 step by step")
    func camelCase() {
        #expect(CollectionQueryHandler.camelCase("virtual_parameters") == "virtualParameters")
        #expect(CollectionQueryHandler.camelCase("devices_") == "devices")
        #expect(CollectionQueryHandler.camelCase("a__b") == "a_b")
        #expect(CollectionQueryHandler.camelCase("a___b") == "a_B")
        #expect(CollectionQueryHandler.camelCase("__proto__") == "_proto_")
        #expect(CollectionQueryHandler.camelCase("_a") == "A")
    }

    @Test("ObjectId texts: 24 hex digits, or 12 characters that are 12 bytes (bson 4.7.2 src/objectid.ts:77-91)")
    func objectIDs() {
        #expect(ObjectID.normalize("0123456789ABCDEF01234567") == "0123456789abcdef01234567")
        #expect(ObjectID.normalize("abcdefghijkl") == "6162636465666768696a6b6c")
        #expect(ObjectID.normalize("abcdefghijk\u{E9}") == nil)
        #expect(ObjectID.crash(for: "abcdefghijk\u{E9}").message.hasSuffix("must be a string of 12 bytes"))
        #expect(ObjectID.crash(for: "xyz").message.hasSuffix("or an integer"))
    }

    @Test("the crash hold defaults to GenieACS's 20 s + 1 s, and the YAML key sets it")
    func crashClose() throws {
        #expect(Scenario().latencies.crashCloseMs == 21_000)
        #expect(try Scenario.parse(yaml: "latencies: {crashCloseMs: 5}").latencies.crashCloseMs == 5)
    }
}
