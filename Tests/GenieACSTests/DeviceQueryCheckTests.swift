import FerruleJSON
import GenieACS
import Testing

/// The one check of device queries before they are sent (review 2, finding 2): what stops the
/// GenieACS 1.2.16 NBI worker is found at any depth; what GenieACS and MongoDB answer passes.
@Suite("Device query check")
struct DeviceQueryCheckTests {
    static func problems(_ text: String) throws -> [DeviceQueryCheck.Problem] {
        DeviceQueryCheck.problems(try JSONValue.parse(text))
    }

    @Test(
        "queries that throw in lib/query.ts or MongoDB are found, with where they are",
        arguments: [
            (#"{"_tags":{"$foo":1}}"#, DeviceQueryCheck.Problem.Kind.fieldOperator, "_tags.$foo"),
            (#"{"$or":[{"_tags":{"$where":"1"}}]}"#, .fieldOperator, "$or[0]._tags.$where"),
            (#"{"$where":"1"}"#, .logicalOperator, "$where"),
            (#"{"$and":[]}"#, .logicalList, "$and"),
            (#"{"$or":{"_tags":"a"}}"#, .logicalList, "$or"),
            (#"{"$or":[null]}"#, .notAnObject, "$or[0]"),
            (#"{"_id":{"$regex":"(a+"}}"#, .regex, "_id.$regex"),
            (#"{"_id":{"$regex":"a","$options":"g"}}"#, .operand, "_id.$options"),
            (#"{"_id":{"$options":"i"}}"#, .operand, "_id.$options"),
            (#"{"_id":{"$regex":5}}"#, .operand, "_id.$regex"),
            (#"{"_id":"/a)/"}"#, .regex, "_id"),
            (#"{"_id":["ok","/[a/i"]}"#, .regex, "_id[1]"),
            (#"{"_id":{"$in":["ok","/(/"]}}"#, .regex, "_id.$in[1]"),
            (#"{"_id":{"$gt":"((*"}}"#, .regex, "_id.$gt"),
            (#"{"_tags":{"$in":"beta"}}"#, .operand, "_tags.$in"),
            (#"{"_tags":{"$not":"beta"}}"#, .operand, "_tags.$not"),
            (#"{"_tags":{"$not":{"$regex":"("}}}"#, .regex, "_tags.$not.$regex"),
            (#"{"_tags":{"$eq":"a","b":1}}"#, .fieldOperator, "_tags.b"),
            (#"{"_tags":{"$size":"1"}}"#, .operand, "_tags.$size"),
            (#"{"_id":{"$ne":"7","$exists":true}}"#, .neMixed, "_id"),
            (#"{"_id":{"$not":{"$eq":"x"},"$gt":"/a/"}}"#, .neMixed, "_id"),
            // Review 42: GenieACS's $and for "000001" (also the number 1) is replaced by the user's.
            (#"{"_deviceId._SerialNumber":"000001","$and":[{"_tags":{"$exists":false}}]}"#, .andReplaced, "$and"),
            (#"{"_id":"AB*","$and":[{"_tags":"x"}]}"#, .andReplaced, "$and"),
            (#"{"_lastInform":{"$gt":"2026-01-01"},"$and":[{"_tags":"x"}]}"#, .andReplaced, "$and"),
            (#"{"$or":[{"_id":"/^a/","$and":[{"_tags":"x"}]}]}"#, .andReplaced, "$or[0].$and"),
        ]
    )
    func refused(query: String, kind: DeviceQueryCheck.Problem.Kind, location: String) throws {
        let found = try Self.problems(query)
        #expect(found.count == 1, "\(query): \(found)")
        #expect(found.first?.kind == kind, "\(query): \(found)")
        #expect(found.first?.location == location, "\(query): \(found)")
    }

    @Test(
        "queries GenieACS and MongoDB answer pass",
        arguments: [
            #"{"_tags":"beta"}"#, #"{"_id":{"$regex":"^3C52","$options":"i"}}"#, #"{"_id":{"$regex":"(?i)abc"}}"#,
            #"{"_id":{"$regex":"a*+"}}"#, #"{"_id":{"$regex":"[]a]"}}"#, #"{"_tags":{"$all":["a","b"]}}"#,
            #"{"_tags":{"$size":0}}"#, #"{"_tags":{"$elemMatch":{"$eq":"a"}}}"#, #"{"_tags":{"$not":{"$regex":"^x"}}}"#,
            #"{"$nor":[{"_tags":"a"}],"$or":[{"_id":"/^a{2,}$/i"}]}"#, #"{"_id":"1.2.*"}"#, #"{"_id":"A*X*3"}"#,
            #"{"_id":{"$ne":"abc","$exists":true}}"#, #"{"_deviceId":{"_OUI":"00259E"}}"#, #"{"_lastInform":null}"#,
            #"{"Device.DeviceInfo.SoftwareVersion":{"$in":["V1","V2"]}}"#,
            // `$and` first (GenieACS pushes into it), or after fields with one alternative.
            #"{"$and":[{"_tags":"x"}],"_deviceId._SerialNumber":"000001"}"#, #"{"_tags":"beta","$and":[{"_id":"a"}]}"#,
        ]
    )
    func accepted(query: String) throws {
        #expect(try Self.problems(query).isEmpty, "\(query)")
    }

    @Test("problems are capped and each names where it is")
    func capped() throws {
        let members = (0..<50).map { #""f\#($0)":{"$x":1}"# }.joined(separator: ",")
        let found = try Self.problems("{\(members)}")
        #expect(found.count == DeviceQueryCheck.problemLimit)
        #expect(found.first?.location == "f0.$x")
    }
}

/// JavaScript's `new RegExp` (what GenieACS compiles `/…/` texts and wildcards with) and MongoDB's
/// PCRE, checked without compiling.
@Suite("Regex syntax")
struct RegexSyntaxTests {
    @Test(
        "what Node's RegExp throws on is found",
        arguments: [
            "(a", "a)", "[a", "\\", "*a", "a**", "a|*", "(*)", "^*", "{1}", "a{2,1}", "[z-a]", "(?x)", "(?<=a)*",
            "(?<n>a)(?<n>b)", "(?<1a>x)", "(?<n>x)\\k<m>", "a???", "\\b+", "x{99999999999999999999,1}",
        ]
    )
    func javaScriptErrors(pattern: String) {
        #expect(RegexSyntax.error(in: pattern, dialect: .javaScript) != nil, "\(pattern)")
    }

    @Test(
        "what Node's RegExp compiles passes (Annex B: lone braces and brackets, quantified lookaheads)",
        arguments: [
            "a{", "a{1", "}", "]", "[]", "[^]", "a{,5}", "(?=a)*", "\\k", "[\\d-z]", "\\1", "(?:a)|b",
            "(?<name>a)\\k<name>", "a*?", "x{2,3}?", "[a-]", "[-a]", "\\c", "[\\b]", "^\\(HG8.*$", "[\\x41-\\x5A]",
            "[\\u0041-z]", "[\\101-z]", "(?<!a)b", "a|", "()",
        ]
    )
    func javaScriptValid(pattern: String) {
        #expect(RegexSyntax.error(in: pattern, dialect: .javaScript) == nil, "\(pattern)")
    }

    @Test(
        "PCRE: only mistakes both dialects refuse",
        arguments: [
            ("(a+", false), ("a)", false), ("[a", false), ("\\", false), ("*a", false), ("a|*b", false),
            ("a{3,2}", false), ("[z-a]", false), ("[]", false), ("(?i)abc", true), ("a*+", true), ("\\Q(\\E", true),
            ("[]a]", true), ("[[:alpha:]]", true), ("(?#(comment)x", true), ("(*UTF)abc", true), ("(?P<n>x)", true),
            ("(?<n>x)\\k<m>", true), ("# (\nx", true),
        ]
    )
    func pcre(pattern: String, valid: Bool) {
        let extended = pattern.hasPrefix("#")
        #expect((RegexSyntax.error(in: pattern, dialect: .pcre(extended: extended)) == nil) == valid, "\(pattern)")
    }

    @Test("a long pattern is checked in one pass")
    func linear() {
        let pattern = String(repeating: "(?<", count: 100_000) + String(repeating: "[", count: 100_000)
        #expect(RegexSyntax.error(in: pattern, dialect: .javaScript) != nil)
        #expect(RegexSyntax.error(in: String(repeating: "(a)", count: 200_000), dialect: .javaScript) == nil)
    }
}
