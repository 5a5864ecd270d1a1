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
        for query in [#"{"name":{"$regex":"(?<=e)1"}}"#, #"{"name":{"$regex":"(?<!x)1"}}"#] {
            let error = crash(query)
            #expect(error?.notReproduced == true, "\(query): \(String(describing: error))")
            #expect(error?.message.contains("lookbehind") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("MongoDB (PCRE) would take it") == true)
        }
        // A pattern the engine itself refuses is still its error (the worker dies), not a 501.
        let unbalanced = crash(#"{"name":{"$regex":"(?<=e1"}}"#)
        #expect(unbalanced?.notReproduced == false && unbalanced?.message.hasPrefix("MongoServerError") == true)
    }

    @Test(
        "a device query's /pattern/ text is a JavaScript RegExp MongoDB runs: a lookbehind is a 501, a bad one a SyntaxError"
    )
    func deviceQueryLiteral() throws {
        let s = try makeState()
        let sv = "InternetGatewayDevice.DeviceInfo.SoftwareVersion"
        for query in [#"{"\#(sv)":"/(?<=V3R)017/"}"#, #"{"\#(sv)":"/(?<!X)017/i"}"#] {
            #expect {
                _ = try s.ids(query)
            } throws: { error in
                (error as? WorkerCrash)?.notReproduced == true
                    && (error as? WorkerCrash)?.message.contains("lookbehind") == true
            }
        }
        #expect {
            _ = try s.ids(#"{"\#(sv)":"/(?<=V3R017/"}"#)
        } throws: { error in
            (error as? WorkerCrash)?.message.hasPrefix("SyntaxError: Invalid regular expression") == true
                && (error as? WorkerCrash)?.notReproduced == false
        }
        // A `/…/` text Swift runs is matched as before.
        #expect(try s.ids(#"{"\#(sv)":"/^V3R\\d+C/"}"#).count == 2)
    }

    @Test("code points, not grapheme clusters: `.` takes U+0301 after `e`, as PCRE in UTF mode does")
    func codePoints() throws {
        #expect(try matching(#"{"name":{"$regex":"^e.$"}}"#, names) == ["plain", "accent", "arabic"])
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
