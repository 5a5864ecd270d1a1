import FerruleTestSupport
import Testing

@testable import DataModel

@Suite("XSD patterns: linear matching, code points, the Appendix F grammar")
struct XSDRegexMatcherTests {
    @Test(
        "an ambiguous pattern matches in linear time: (\\d|\\d\\d)*x over 5,000 digits (a backtracking engine never ends)",
        .timeLimit(.minutes(1))
    )
    func ambiguousPatternIsLinear() throws {
        let regex = try #require(XSDRegex("(\\d|\\d\\d)*x"))
        #expect(!regex.matches(String(repeating: "1", count: 5_000)))
        #expect(regex.matches(String(repeating: "1", count: 5_000) + "x"))
        let nested = try #require(XSDRegex("((a*)*)*b"))
        #expect(!nested.matches(String(repeating: "a", count: 5_000)))
    }

    @Test("characters are code points: \\d refuses a digit followed by a combining mark or a zero-width joiner")
    func codePoints() throws {
        let version = try #require(XSDRegex("\\d+\\.\\d+"))
        #expect(version.matches("1.0"))
        #expect(!version.matches("1.0\u{301}"))
        #expect(!version.matches("1\u{200D}.0"))
        let dotted = try #require(XSDRegex("\\d+(\\.\\d+)*"))
        #expect(!dotted.matches("2\u{301}.0"))
        // \d is \p{Nd}: an Arabic-Indic digit is a digit (Appendix F.4).
        #expect(dotted.matches("\u{663}.1"))
        // `.` is one character, anything but \n and \r: U+2028 and U+0085 are characters.
        let any = try #require(XSDRegex("a.b"))
        #expect(any.matches("a\u{2028}b"))
        #expect(any.matches("a\u{85}b"))
        #expect(any.matches("a\u{1F600}b"))
        #expect(!any.matches("a\nb"))
        #expect(!any.matches("a\rb"))
        #expect(!any.matches("ae\u{301}b"))
        let class_ = try #require(XSDRegex("[a-z]+"))
        #expect(!class_.matches("e\u{301}"))
    }

    @Test("classes: ranges, negation, subtraction, escapes, categories; XSD-invalid patterns do not compile")
    func grammar() throws {
        let vowelless = try #require(XSDRegex("[a-z-[aeiou]]+"))
        #expect(vowelless.matches("xyz"))
        #expect(!vowelless.matches("xaz"))
        let negated = try #require(XSDRegex("[^0-9]{2}"))
        #expect(negated.matches("ab"))
        #expect(!negated.matches("a1"))
        let dashes = try #require(XSDRegex("[-a]+[b-]"))
        #expect(dashes.matches("-a-"))
        let escapes = try #require(XSDRegex("\\(\\[\\]\\)\\{\\}\\|\\^\\-"))
        #expect(escapes.matches("([]){}|^-"))
        let upper = try #require(XSDRegex("\\p{Lu}\\P{Lu}"))
        #expect(upper.matches("Ab"))
        #expect(!upper.matches("AB"))
        let letters = try #require(XSDRegex("\\p{L}+"))
        #expect(letters.matches("Ωé"))
        let word = try #require(XSDRegex("\\w+\\s\\W"))
        #expect(word.matches("ab !"))
        #expect(!word.matches("a. !"))
        let name = try #require(XSDRegex("\\i\\c*"))
        #expect(name.matches("_a.b-1"))
        #expect(!name.matches("1a"))
        let counted = try #require(XSDRegex("a{2,3}b{2,}c{0,1}"))
        #expect(counted.matches("aabb"))
        #expect(counted.matches("aaabbbbc"))
        #expect(!counted.matches("abb"))
        #expect(!counted.matches("aaaabb"))
        // TR-181's lazy-marked quantifier (not XSD, tolerated): same as greedy for a whole match.
        let lazy = try #require(XSDRegex("([0-9]{1,15}?[BKMGT])"))
        #expect(lazy.matches("15M"))
        #expect(!lazy.matches("M"))
        for invalid in [
            "(a", "a)", "[a", "a{2", "a{3,2}", "*a", "\\q", "[]", "\\p{IsKlingon}", "\\p{Is}", "a{0,100000}",
        ] {
            #expect(XSDRegex(invalid) == nil, "\(invalid)")
        }
        // A program beyond the limit is refused, not built.
        #expect(XSDRegex("(a{1,200}){1,200}") == nil)
    }

    @Test(
        "block escapes take XML Schema 1.0 Appendix F.5's blocks: \\p{IsBasicLatin}, \\P{IsGreek}, in classes, several ranges"
    )
    func blockEscapes() throws {
        let latin = try #require(XSDRegex("\\p{IsBasicLatin}+"))
        #expect(latin.matches("abc 1~"))
        #expect(!latin.matches("abcé"))
        let notGreek = try #require(XSDRegex("\\P{IsGreek}*"))
        #expect(notGreek.matches("abc"))
        #expect(!notGreek.matches("aλ"))
        let inClass = try #require(XSDRegex("[\\p{IsLatin-1Supplement}x]{2}"))
        #expect(inClass.matches("éx"))
        #expect(!inClass.matches("ēx"), "U+0113 is Latin Extended-A")
        // PrivateUse and Specials are listed more than once: every range counts.
        let privateUse = try #require(XSDRegex("\\p{IsPrivateUse}"))
        #expect(privateUse.matches("\u{E000}") && privateUse.matches("\u{F0000}") && privateUse.matches("\u{10FFFD}"))
        #expect(!privateUse.matches("\u{FFFFF}"))
        let specials = try #require(XSDRegex("\\p{IsSpecials}"))
        #expect(specials.matches("\u{FEFF}") && specials.matches("\u{FFFD}") && !specials.matches("\u{FFEF}"))
        let cjk = try #require(XSDRegex("\\p{IsCJKUnifiedIdeographsExtensionB}"))
        #expect(cjk.matches("\u{20000}") && !cjk.matches("\u{2A6D7}"))
    }

    @Test("a model pattern that cannot be compiled is listed once, with the first parameter using it")
    func unsupportedPatternsListed() throws {
        let xml = """
            <dm:document xmlns:dm="urn:broadband-forum-org:cwmp:datamodel-1-14" spec="urn:x">
            <model name="Device:2.17">
            <object name="Device." access="readOnly" minEntries="1" maxEntries="1">
            <parameter name="B" access="readWrite"><syntax><string><pattern value="\\p{IsKlingon}+"/></string></syntax></parameter>
            <parameter name="A" access="readWrite"><syntax><string><pattern value="\\p{IsKlingon}+"/><pattern value="\\p{IsBasicLatin}+"/></string></syntax></parameter>
            </object>
            </model>
            </dm:document>
            """
        let set = ModelSet([try DataModelLoader.load(Array(xml.utf8), file: "x.xml")])
        #expect(set.unsupportedPatterns.map(\.pattern) == ["\\p{IsKlingon}+"], "\(set.unsupportedPatterns)")
        #expect(set.unsupportedPatterns.first?.parameter == "Device.A")
        #expect(set.unsupportedPatternWarnings.count == 1)
        #expect(set.unsupportedPatternWarnings.first?.contains("warning[unsupported-pattern]") == true)
    }

    /// The translation to Swift Regex that Ferrule used before the NFA matcher, matched per code point:
    /// the reference the fuzz compares against.
    static func reference(_ pattern: String) throws -> Regex<AnyRegexOutput> {
        var out = ""
        var inClass = 0
        var escaped = false
        for ch in pattern {
            if escaped {
                switch ch {
                case "i": out += inClass > 0 ? "_:A-Za-z" : "[_:A-Za-z]"
                case "c": out += inClass > 0 ? "\\-._:A-Za-z0-9" : "[\\-._:A-Za-z0-9]"
                default: out += "\\" + String(ch)
                }
                escaped = false
                continue
            }
            switch ch {
            case "\\": escaped = true
            case "[":
                inClass += 1
                out.append(ch)
            case "]":
                inClass = max(0, inClass - 1)
                out.append(ch)
            case "^" where inClass == 0, "$" where inClass == 0: out += "\\" + String(ch)
            default: out.append(ch)
            }
        }
        return try Regex("(?:" + out + ")").matchingSemantics(.unicodeScalar)
    }

    @Test("fuzz: on every pattern of the shipped models the NFA agrees with the Swift Regex translation per code point")
    func agreesWithSwiftRegex() throws {
        var patterns: Set<String> = []
        for model in Models.all.models {
            for parameter in model.parameters.values { patterns.formUnion(parameter.syntax.patterns) }
        }
        #expect(patterns.count >= 40)
        var generator = SplitMix(seed: 0x5EED)
        var compared = 0
        var matched = 0
        for pattern in patterns.sorted() {
            let nfa = try #require(XSDRegex(pattern))
            let regex = try Self.reference(pattern)
            // The pattern's own characters and their neighbours, plus digits, separators and non-ASCII.
            var alphabet = Array(Set(pattern.unicodeScalars.filter { $0 != "\\" }))
            alphabet += Array("0123456789.,:/ -_XABFMxaf".unicodeScalars)
            alphabet += ["\u{663}", "\u{301}", "\u{200D}", "é", "\t", "\u{1F600}"]
            for _ in 0..<400 {
                let length = Int(generator.next() % 24)
                var value = String.UnicodeScalarView()
                for _ in 0..<length {
                    // Half the time a digit: most patterns are about digits, and matches must occur too.
                    let pick = generator.next()
                    value.append(
                        pick % 2 == 0
                            ? Unicode.Scalar(UInt8(0x30 + (pick >> 8) % 10))
                            : alphabet[Int((pick >> 8) % UInt64(alphabet.count))]
                    )
                }
                let text = String(value)
                let expected = (try? regex.wholeMatch(in: text)) != nil
                #expect(nfa.matches(text) == expected, "\(pattern) on \(text.debugDescription)")
                compared += 1
                if expected { matched += 1 }
            }
        }
        #expect(compared >= 16_000)
        #expect(matched >= 100)
    }
}

/// A small deterministic generator (SplitMix64), so a failing case can be reproduced.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
