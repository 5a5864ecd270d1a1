import FerruleJSON
import Testing

@testable import GenieACSStandIn

/// `$regex` and `/pattern/` query values are matched as MongoDB's PCRE matches them, or refused as not reproduced;
/// never matched differently.
@Suite struct QueryRegexTests {
    /// The `_id`s of `docs` a plain-collection filter matches.
    func matching(_ query: String, _ docs: [String]) throws -> [String] {
        let filter = try QueryCompiler(collection: .plain).compile(json(query))
        return docs.map(json).filter { filter.matches(JSONDocument(json: $0, dateKeys: [])) }
            .compactMap { $0["_id"]?.stringValue }
    }

    /// The error compiling `query` throws.
    func crash(_ query: String) -> WorkerCrash? {
        do {
            _ = try QueryCompiler(collection: .plain).compile(json(query))
            return nil
        } catch {
            return error
        }
    }

    let names = [
        #"{"_id":"plain","name":"e1"}"#,
        #"{"_id":"accent","name":"e\u0301"}"#,
        #"{"_id":"arabic","name":"e\u0663"}"#,
    ]

    @Test("a lookbehind, which MongoDB takes and Swift's Regex cannot run, is refused as not reproduced (501)")
    func lookbehindRefused() {
        for query in [
            #"{"name":{"$regex":"(?<=e)1"}}"#, #"{"name":{"$regex":"(?<!x)1"}}"#, #"{"name":"/(?<=e)1/"}"#,
        ] {
            let error = crash(query)
            #expect(error?.notReproduced == true, "\(query): \(String(describing: error))")
            #expect(error?.message.contains("lookbehind") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("MongoDB (PCRE) would take it") == true)
        }
        // A pattern the engine itself refuses is still its error (the worker dies), not a 501.
        let unbalanced = crash(#"{"name":{"$regex":"(?<=e1"}}"#)
        #expect(unbalanced?.notReproduced == false && unbalanced?.message.hasPrefix("MongoServerError") == true)
        #expect(crash(#"{"name":"/(?<=e1/"}"#)?.message.hasPrefix("SyntaxError") == true)
    }

    @Test("code points, not grapheme clusters: `.` takes U+0301 after `e`, as PCRE in UTF mode does")
    func codePoints() throws {
        #expect(try matching(#"{"name":{"$regex":"^e.$"}}"#, names) == ["plain", "accent", "arabic"])
        #expect(try matching(#"{"name":"/^e.$/"}"#, names) == ["plain", "accent", "arabic"])
    }

    @Test("\\d and \\w are ASCII only (PCRE without UCP): an Arabic-Indic digit is neither")
    func asciiClasses() throws {
        #expect(try matching(#"{"name":{"$regex":"^e\\d$"}}"#, names) == ["plain"])
        #expect(try matching(#"{"name":{"$regex":"^e\\w$"}}"#, names) == ["plain"])
        #expect(try matching(#"{"name":{"$regex":"^e\\D$"}}"#, names) == ["accent", "arabic"])
    }

    @Test("$options x ignores white space and comments; an unknown option is MongoDB's error")
    func options() throws {
        #expect(try matching(#"{"name":{"$regex":"^e 1 $  # one","$options":"x"}}"#, names) == ["plain"])
        #expect(try matching(#"{"name":{"$regex":"^E1$","$options":"i"}}"#, names) == ["plain"])
        let bad = crash(#"{"name":{"$regex":"e","$options":"q"}}"#)
        #expect(bad?.message == "MongoServerError: invalid flag in regex options: q")
        #expect(bad?.notReproduced == false)
    }
}
