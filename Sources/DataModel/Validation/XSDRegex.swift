/// An XML Schema regular expression (used by `pattern` facets), matched in time linear in the value.
///
/// The pattern is parsed by the grammar of XML Schema 1.0 Part 2 Appendix F (regExp, branch, piece,
/// quantifier, atom, charClassExpr with subtraction, single-, multi- and category escapes) and
/// compiled to a Thompson NFA, which is simulated over the value's Unicode scalars: the work is at
/// most (value length) × (program size), whatever the pattern (`(\d|\d\d)*x` included; a
/// backtracking engine takes exponential time on it). XSD regular expressions have no
/// backreferences or lookaround, so nothing is lost.
///
/// Semantics are XSD's, character by character (a character is a code point, XML 1.0 §2.2):
/// - the pattern is implicitly anchored; `^` and `$` are ordinary characters;
/// - `.` is any character but `\n` and `\r` (Appendix F.1, WildcardEsc);
/// - `\d` is `\p{Nd}`, `\w` is `[#x0000-#x10FFFF]-[\p{P}\p{Z}\p{C}]`, `\s` is `[#x20\t\n\r]`;
/// - `\i` and `\c` are XML 1.0 (Fifth Edition) §2.3 NameStartChar and NameChar;
/// - a combining mark or joiner after a digit is a character of its own: `\d` does not take it.
///
/// Tolerated beyond the grammar, as the Swift engine Ferrule used before did: a `?` after a
/// quantifier (`[0-9]{1,15}?`, TR-181's `…BKMGT` pattern) is a lazy marker, which changes nothing
/// for a whole-value match. Block escapes (`\p{IsBasicLatin}`) take the blocks XML Schema 1.0
/// Second Edition lists (Appendix F.5, Unicode 3.1's Blocks.txt). Not supported (the pattern is then
/// not compiled, and not held against a device; ``ModelSet/unsupportedPatterns`` lists it): an
/// unknown block name, and patterns whose program would exceed ``programLimit`` instructions
/// (`(a{1,1000}){1,1000}`).
public struct XSDRegex: Sendable {
    /// The most NFA instructions a pattern may compile to; counted repeats are expanded.
    public static let programLimit = 20_000

    public let source: String
    private let program: [Instruction]

    /// Compiles `pattern`; nil when it is not an XSD regular expression Ferrule can match.
    public init?(_ pattern: String) {
        source = pattern
        var parser = Parser(Array(pattern.unicodeScalars))
        guard let node = parser.parse() else { return nil }
        var compiler = Compiler()
        guard compiler.emit(node), compiler.program.count < Self.programLimit else { return nil }
        compiler.program.append(.match)
        program = compiler.program
    }

    /// Whether the whole of `value` matches, in at most (scalars of `value` + 1) × program size steps.
    public func matches(_ value: String) -> Bool {
        var current = StateList(size: program.count)
        var next = StateList(size: program.count)
        var generation = 1
        add(0, to: &current, generation: generation)
        for scalar in value.unicodeScalars {
            if current.states.isEmpty { return false }
            generation += 1
            next.states.removeAll(keepingCapacity: true)
            for pc in current.states {
                if case .scalar(let set) = program[pc], set.contains(scalar) {
                    add(pc + 1, to: &next, generation: generation)
                }
            }
            swap(&current, &next)
        }
        return current.states.contains { if case .match = program[$0] { return true } else { return false } }
    }

    /// Adds `start` and every instruction reachable from it without reading a character.
    private func add(_ start: Int, to list: inout StateList, generation: Int) {
        var stack = [start]
        while let pc = stack.popLast() {
            guard list.mark[pc] != generation else { continue }
            list.mark[pc] = generation
            switch program[pc] {
            case .jump(let target): stack.append(target)
            case .split(let first, let second):
                stack.append(second)
                stack.append(first)
            case .scalar, .match: list.states.append(pc)
            }
        }
    }

    /// The states of one step of the simulation, each at most once (`mark` holds the step it was added in).
    private struct StateList {
        var states: [Int] = []
        var mark: [Int]
        init(size: Int) {
            mark = Array(repeating: 0, count: size)
            states.reserveCapacity(size)
        }
    }

    /// One NFA instruction (Thompson 1968; Cox, "Regular Expression Matching Can Be Simple And Fast").
    enum Instruction: Sendable {
        case scalar(CharSet)
        case split(Int, Int)
        case jump(Int)
        case match
    }

    /// A parsed regular expression.
    indirect enum Node: Sendable {
        case set(CharSet)
        case sequence([Node])
        case choice([Node])
        /// `max` nil: unbounded.
        case repeated(Node, min: Int, max: Int?)
    }

    /// A set of characters: a character class, an escape or `.`.
    indirect enum CharSet: Sendable {
        case ranges([ClosedRange<UInt32>])
        case categories(Set<Unicode.GeneralCategory>)
        case union([CharSet])
        case not(CharSet)
        case subtract(CharSet, CharSet)

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            switch self {
            case .ranges(let ranges): return ranges.contains { $0.contains(scalar.value) }
            case .categories(let categories): return categories.contains(scalar.properties.generalCategory)
            case .union(let sets): return sets.contains { $0.contains(scalar) }
            case .not(let set): return !set.contains(scalar)
            case .subtract(let base, let removed): return base.contains(scalar) && !removed.contains(scalar)
            }
        }
    }

    /// Emits the program for a node; false when it would exceed ``programLimit``.
    struct Compiler {
        var program: [Instruction] = []

        mutating func emit(_ node: Node) -> Bool {
            guard program.count < XSDRegex.programLimit else { return false }
            switch node {
            case .set(let set):
                program.append(.scalar(set))
            case .sequence(let nodes):
                for node in nodes where !emit(node) { return false }
            case .choice(let branches):
                // split L1, next; L1: branch; jump end; next: … ; last branch.
                var jumps: [Int] = []
                for (i, branch) in branches.enumerated() {
                    if i == branches.count - 1 {
                        if !emit(branch) { return false }
                    } else {
                        let split = program.count
                        program.append(.split(split + 1, 0))
                        if !emit(branch) { return false }
                        jumps.append(program.count)
                        program.append(.jump(0))
                        program[split] = .split(split + 1, program.count)
                    }
                }
                for jump in jumps { program[jump] = .jump(program.count) }
            case .repeated(let body, let min, let max):
                for _ in 0..<min where !emit(body) { return false }
                if let max {
                    // Each optional copy: split body, end (nested so that the ends chain).
                    var splits: [Int] = []
                    for _ in min..<Swift.max(min, max) {
                        splits.append(program.count)
                        program.append(.split(0, 0))
                        if !emit(body) { return false }
                    }
                    for split in splits { program[split] = .split(split + 1, program.count) }
                } else {
                    // L: split body, end; body; jump L.
                    let loop = program.count
                    program.append(.split(0, 0))
                    if !emit(body) { return false }
                    program.append(.jump(loop))
                    program[loop] = .split(loop + 1, program.count)
                }
            }
            return program.count < XSDRegex.programLimit
        }
    }

    /// A recursive-descent parser for XML Schema 1.0 Part 2 Appendix F, over Unicode scalars.
    struct Parser {
        let text: [Unicode.Scalar]
        var at = 0
        /// Group nesting depth, bounded so that a hostile pattern cannot exhaust the stack.
        var depth = 0
        static let depthLimit = 100

        init(_ text: [Unicode.Scalar]) { self.text = text }

        var peek: Unicode.Scalar? { at < text.count ? text[at] : nil }

        mutating func parse() -> Node? {
            guard let node = regExp(), at == text.count else { return nil }
            return node
        }

        /// regExp ::= branch ( '|' branch )*
        mutating func regExp() -> Node? {
            var branches: [Node] = []
            guard let first = branch() else { return nil }
            branches.append(first)
            while peek == "|" {
                at += 1
                guard let next = branch() else { return nil }
                branches.append(next)
            }
            return branches.count == 1 ? first : .choice(branches)
        }

        /// branch ::= piece*
        mutating func branch() -> Node? {
            var pieces: [Node] = []
            while let c = peek, c != "|", c != ")" {
                guard let piece = piece() else { return nil }
                pieces.append(piece)
            }
            return .sequence(pieces)
        }

        /// piece ::= atom quantifier?
        mutating func piece() -> Node? {
            guard let atom = atom() else { return nil }
            let quantified: Node
            switch peek {
            case "?": quantified = .repeated(atom, min: 0, max: 1)
            case "*": quantified = .repeated(atom, min: 0, max: nil)
            case "+": quantified = .repeated(atom, min: 1, max: nil)
            case "{":
                at += 1
                guard let (min, max) = quantity(), peek == "}" else { return nil }
                quantified = .repeated(atom, min: min, max: max)
            default: return atom
            }
            at += 1
            // A lazy marker after a quantifier: not XSD, accepted as before; the same for a whole match.
            if peek == "?" { at += 1 }
            return quantified
        }

        /// quantity ::= QuantExact | QuantRange | QuantMin ('n', 'n,m', 'n,').
        mutating func quantity() -> (Int, Int?)? {
            guard let min = number() else { return nil }
            guard peek == "," else { return (min, min) }
            at += 1
            if peek == "}" { return (min, nil) }
            guard let max = number(), max >= min else { return nil }
            return (min, max)
        }

        mutating func number() -> Int? {
            var value = 0
            var digits = 0
            while let c = peek, ("0"..."9").contains(c) {
                value = value * 10 + Int(c.value - 0x30)
                digits += 1
                at += 1
                // Larger counts could never compile within the program limit.
                if value > XSDRegex.programLimit { return nil }
            }
            return digits > 0 ? value : nil
        }

        /// atom ::= NormalChar | charClass | '(' regExp ')'
        mutating func atom() -> Node? {
            guard let c = peek else { return nil }
            switch c {
            case "(":
                at += 1
                depth += 1
                guard depth <= Self.depthLimit, let inner = regExp(), peek == ")" else { return nil }
                at += 1
                depth -= 1
                return inner
            case "[":
                guard let set = classExpression() else { return nil }
                return .set(set)
            case ".":
                at += 1
                // WildcardEsc: [^\n\r].
                return .set(.not(.ranges([0x0A...0x0A, 0x0D...0x0D])))
            case "\\":
                at += 1
                guard let set = escape() else { return nil }
                return .set(set)
            case "?", "*", "+", "{", "}", ")", "]", "|":
                return nil
            default:
                at += 1
                return .set(.ranges([c.value...c.value]))
            }
        }

        /// charClassExpr ::= '[' charGroup ']'; charGroup ::= ( posCharGroup | negCharGroup ) ( '-' charClassExpr )?
        mutating func classExpression() -> CharSet? {
            guard peek == "[" else { return nil }
            at += 1
            var negated = false
            if peek == "^" {
                negated = true
                at += 1
            }
            var items: [CharSet] = []
            var subtraction: CharSet?
            while true {
                guard let c = peek else { return nil }
                if c == "]" {
                    guard !items.isEmpty else { return nil }
                    at += 1
                    break
                }
                if c == "-", at + 1 < text.count, text[at + 1] == "[" {
                    guard !items.isEmpty else { return nil }
                    at += 1
                    depth += 1
                    guard depth <= Self.depthLimit, let removed = classExpression(), peek == "]" else { return nil }
                    depth -= 1
                    subtraction = removed
                    at += 1
                    break
                }
                if c == "\\", at + 1 < text.count, !Self.singleEscapes.keys.contains(text[at + 1]) {
                    at += 1
                    guard let set = escape() else { return nil }
                    items.append(set)
                    continue
                }
                guard let low = classCharacter(first: items.isEmpty) else { return nil }
                if peek == "-", at + 1 < text.count, text[at + 1] != "]", text[at + 1] != "[" {
                    at += 1
                    guard let high = classCharacter(first: false), high >= low else { return nil }
                    items.append(.ranges([low...high]))
                } else {
                    items.append(.ranges([low...low]))
                }
            }
            var set: CharSet = items.count == 1 ? items[0] : .union(items)
            if negated { set = .not(set) }
            if let subtraction { set = .subtract(set, subtraction) }
            return set
        }

        /// One character of a class: XmlChar or SingleCharEsc. `-` is a character only first or
        /// last in the group (XmlCharIncDash); `[` never unescaped.
        mutating func classCharacter(first: Bool) -> UInt32? {
            guard let c = peek else { return nil }
            if c == "\\" {
                guard at + 1 < text.count, let escaped = Self.singleEscapes[text[at + 1]] else { return nil }
                at += 2
                return escaped
            }
            if c == "[" || c == "]" { return nil }
            if c == "-", !first, at + 1 < text.count, text[at + 1] != "]" { return nil }
            at += 1
            return c.value
        }

        /// SingleCharEsc ::= '\' [nrt\|.?*+(){}#x2D#x5B#x5D#x5E]
        static let singleEscapes: [Unicode.Scalar: UInt32] = [
            "n": 0x0A, "r": 0x0D, "t": 0x09, "\\": 0x5C, "|": 0x7C, ".": 0x2E, "?": 0x3F, "*": 0x2A, "+": 0x2B,
            "(": 0x28, ")": 0x29, "{": 0x7B, "}": 0x7D, "-": 0x2D, "[": 0x5B, "]": 0x5D, "^": 0x5E,
        ]

        /// After a backslash: a single-character, multi-character or category escape.
        mutating func escape() -> CharSet? {
            guard let c = peek else { return nil }
            at += 1
            if let single = Self.singleEscapes[c] { return .ranges([single...single]) }
            switch c {
            case "s": return Self.space
            case "S": return .not(Self.space)
            case "d": return Self.digit
            case "D": return .not(Self.digit)
            case "w": return Self.word
            case "W": return .not(Self.word)
            case "i": return Self.nameStart
            case "I": return .not(Self.nameStart)
            case "c": return Self.nameCharacter
            case "C": return .not(Self.nameCharacter)
            case "p", "P":
                guard peek == "{" else { return nil }
                at += 1
                var name = ""
                while let n = peek, n != "}" {
                    name.unicodeScalars.append(n)
                    at += 1
                }
                guard peek == "}" else { return nil }
                at += 1
                let set: CharSet
                if name.hasPrefix("Is") {
                    // A block escape (Appendix F.5): the code points of that Unicode 3.1 block.
                    guard let ranges = Self.blocks[String(name.dropFirst(2))] else { return nil }
                    set = .ranges(ranges)
                } else {
                    guard let categories = Self.categories(name) else { return nil }
                    set = .categories(categories)
                }
                return c == "p" ? set : .not(set)
            default: return nil
            }
        }

        // Multi-character escapes, XML Schema 1.0 Part 2 Appendix F.4.
        static let space = CharSet.ranges([0x20...0x20, 0x09...0x09, 0x0A...0x0A, 0x0D...0x0D])
        static let digit = CharSet.categories([.decimalNumber])
        static let word = CharSet.not(
            .categories(
                Set(
                    ["P", "Z", "C"].compactMap { categories($0) }.flatMap { $0 }
                )
            )
        )
        /// XML 1.0 (Fifth Edition) §2.3 [4] NameStartChar.
        static let nameStart = CharSet.ranges([
            0x3A...0x3A, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF,
            0x370...0x37D, 0x37F...0x1FFF, 0x200C...0x200D, 0x2070...0x218F, 0x2C00...0x2FEF,
            0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x10000...0xEFFFF,
        ])
        /// XML 1.0 (Fifth Edition) §2.3 [4a] NameChar.
        static let nameCharacter = CharSet.union([
            nameStart, .ranges([0x2D...0x2E, 0x30...0x39, 0xB7...0xB7, 0x300...0x36F, 0x203F...0x2040]),
        ])

        /// The blocks of block escapes (`\p{IsBasicLatin}`), XML Schema 1.0 Second Edition Appendix F.5:
        /// Unicode 3.1's Blocks.txt with the spaces taken out of each name. A name listed more than
        /// once there (`Specials`, `PrivateUse`) stands for all of its ranges.
        static let blocks: [String: [ClosedRange<UInt32>]] = [
            "BasicLatin": [0x0000...0x007F], "Latin-1Supplement": [0x0080...0x00FF],
            "LatinExtended-A": [0x0100...0x017F], "LatinExtended-B": [0x0180...0x024F],
            "IPAExtensions": [0x0250...0x02AF], "SpacingModifierLetters": [0x02B0...0x02FF],
            "CombiningDiacriticalMarks": [0x0300...0x036F], "Greek": [0x0370...0x03FF], "Cyrillic": [0x0400...0x04FF],
            "Armenian": [0x0530...0x058F], "Hebrew": [0x0590...0x05FF], "Arabic": [0x0600...0x06FF],
            "Syriac": [0x0700...0x074F], "Thaana": [0x0780...0x07BF], "Devanagari": [0x0900...0x097F],
            "Bengali": [0x0980...0x09FF], "Gurmukhi": [0x0A00...0x0A7F], "Gujarati": [0x0A80...0x0AFF],
            "Oriya": [0x0B00...0x0B7F], "Tamil": [0x0B80...0x0BFF], "Telugu": [0x0C00...0x0C7F],
            "Kannada": [0x0C80...0x0CFF], "Malayalam": [0x0D00...0x0D7F], "Sinhala": [0x0D80...0x0DFF],
            "Thai": [0x0E00...0x0E7F], "Lao": [0x0E80...0x0EFF], "Tibetan": [0x0F00...0x0FFF],
            "Myanmar": [0x1000...0x109F], "Georgian": [0x10A0...0x10FF], "HangulJamo": [0x1100...0x11FF],
            "Ethiopic": [0x1200...0x137F], "Cherokee": [0x13A0...0x13FF],
            "UnifiedCanadianAboriginalSyllabics": [0x1400...0x167F], "Ogham": [0x1680...0x169F],
            "Runic": [0x16A0...0x16FF], "Khmer": [0x1780...0x17FF], "Mongolian": [0x1800...0x18AF],
            "LatinExtendedAdditional": [0x1E00...0x1EFF], "GreekExtended": [0x1F00...0x1FFF],
            "GeneralPunctuation": [0x2000...0x206F], "SuperscriptsandSubscripts": [0x2070...0x209F],
            "CurrencySymbols": [0x20A0...0x20CF], "CombiningMarksforSymbols": [0x20D0...0x20FF],
            "LetterlikeSymbols": [0x2100...0x214F], "NumberForms": [0x2150...0x218F], "Arrows": [0x2190...0x21FF],
            "MathematicalOperators": [0x2200...0x22FF], "MiscellaneousTechnical": [0x2300...0x23FF],
            "ControlPictures": [0x2400...0x243F], "OpticalCharacterRecognition": [0x2440...0x245F],
            "EnclosedAlphanumerics": [0x2460...0x24FF], "BoxDrawing": [0x2500...0x257F],
            "BlockElements": [0x2580...0x259F], "GeometricShapes": [0x25A0...0x25FF],
            "MiscellaneousSymbols": [0x2600...0x26FF], "Dingbats": [0x2700...0x27BF],
            "BraillePatterns": [0x2800...0x28FF], "CJKRadicalsSupplement": [0x2E80...0x2EFF],
            "KangxiRadicals": [0x2F00...0x2FDF], "IdeographicDescriptionCharacters": [0x2FF0...0x2FFF],
            "CJKSymbolsandPunctuation": [0x3000...0x303F], "Hiragana": [0x3040...0x309F],
            "Katakana": [0x30A0...0x30FF], "Bopomofo": [0x3100...0x312F],
            "HangulCompatibilityJamo": [0x3130...0x318F], "Kanbun": [0x3190...0x319F],
            "BopomofoExtended": [0x31A0...0x31BF], "EnclosedCJKLettersandMonths": [0x3200...0x32FF],
            "CJKCompatibility": [0x3300...0x33FF], "CJKUnifiedIdeographsExtensionA": [0x3400...0x4DB5],
            "CJKUnifiedIdeographs": [0x4E00...0x9FFF], "YiSyllables": [0xA000...0xA48F],
            "YiRadicals": [0xA490...0xA4CF], "HangulSyllables": [0xAC00...0xD7A3],
            "HighSurrogates": [0xD800...0xDB7F], "HighPrivateUseSurrogates": [0xDB80...0xDBFF],
            "LowSurrogates": [0xDC00...0xDFFF],
            "PrivateUse": [0xE000...0xF8FF, 0xF0000...0xFFFFD, 0x100000...0x10FFFD],
            "CJKCompatibilityIdeographs": [0xF900...0xFAFF], "AlphabeticPresentationForms": [0xFB00...0xFB4F],
            "ArabicPresentationForms-A": [0xFB50...0xFDFF], "CombiningHalfMarks": [0xFE20...0xFE2F],
            "CJKCompatibilityForms": [0xFE30...0xFE4F], "SmallFormVariants": [0xFE50...0xFE6F],
            "ArabicPresentationForms-B": [0xFE70...0xFEFE], "Specials": [0xFEFF...0xFEFF, 0xFFF0...0xFFFD],
            "HalfwidthandFullwidthForms": [0xFF00...0xFFEF], "OldItalic": [0x10300...0x1032F],
            "Gothic": [0x10330...0x1034F], "Deseret": [0x10400...0x1044F],
            "ByzantineMusicalSymbols": [0x1D000...0x1D0FF], "MusicalSymbols": [0x1D100...0x1D1FF],
            "MathematicalAlphanumericSymbols": [0x1D400...0x1D7FF],
            "CJKUnifiedIdeographsExtensionB": [0x20000...0x2A6D6],
            "CJKCompatibilityIdeographsSupplement": [0x2F800...0x2FA1F], "Tags": [0xE0000...0xE007F],
        ]

        /// The general categories of a category escape name (Appendix F.4.1); nil for unknown names.
        static func categories(_ name: String) -> Set<Unicode.GeneralCategory>? {
            let table: [String: [Unicode.GeneralCategory]] = [
                "Lu": [.uppercaseLetter], "Ll": [.lowercaseLetter], "Lt": [.titlecaseLetter],
                "Lm": [.modifierLetter], "Lo": [.otherLetter],
                "Mn": [.nonspacingMark], "Mc": [.spacingMark], "Me": [.enclosingMark],
                "Nd": [.decimalNumber], "Nl": [.letterNumber], "No": [.otherNumber],
                "Pc": [.connectorPunctuation], "Pd": [.dashPunctuation], "Ps": [.openPunctuation],
                "Pe": [.closePunctuation], "Pi": [.initialPunctuation], "Pf": [.finalPunctuation],
                "Po": [.otherPunctuation],
                "Zs": [.spaceSeparator], "Zl": [.lineSeparator], "Zp": [.paragraphSeparator],
                "Sm": [.mathSymbol], "Sc": [.currencySymbol], "Sk": [.modifierSymbol], "So": [.otherSymbol],
                "Cc": [.control], "Cf": [.format], "Co": [.privateUse], "Cn": [.unassigned],
            ]
            if let exact = table[name] { return Set(exact) }
            guard name.count == 1 else { return nil }
            let all = table.filter { $0.key.hasPrefix(name) }.flatMap(\.value)
            // `C` includes the surrogates (Cs), which a Swift string never holds.
            return all.isEmpty ? nil : Set(all + (name == "C" ? [.surrogate] : []))
        }
    }
}
