extension CharacterEncoding {
    /// The multi-byte charsets iconv-lite 0.6.3 decodes (GenieACS 1.2.16 falls back to it for every
    /// charset Node's `Buffer` does not know, lib/cwmp.ts:1312-1319; package.json "iconv-lite": "^0.6.3"),
    /// by iconv-lite's canonical name (lower case, only `[0-9a-z]`), mapped to the glibc iconv
    /// converter that reads the same table. iconv-lite reads every alias of a family with one table
    /// (encodings/dbcs-data.js): Shift_JIS and its aliases with Microsoft's CP932 (:41-56), GB2312,
    /// EUC-CN and CP936 with CP936 (:74-85), GBK with CP936 plus the GBK additions (:91-96), GB18030
    /// (:103-111), EUC-KR, KS C 5601 and CP949 with CP949 (:116-131), CP950 (:157-160) and Big5 with
    /// Big5-HKSCS (:166-187). So `encoding="GB2312"` from a CPE that writes GBK characters decodes,
    /// as it does in GenieACS, where glibc's strict `GB2312` (EUC-CN) would not.
    static let multiByteNames: [String: String] = {
        var table: [String: String] = [:]
        let families: [(iconv: String, aliases: [String])] = [
            (
                "CP932",
                [
                    "shiftjis", "csshiftjis", "mskanji", "sjis", "windows31j", "ms31j", "xsjis", "windows932", "ms932",
                    "932", "cp932",
                ]
            ),
            ("EUC-JP", ["eucjp"]),
            (
                "CP936",
                [
                    "gb2312", "gb231280", "gb23121980", "csgb2312", "csiso58gb231280", "euccn", "windows936", "ms936",
                    "936", "cp936",
                ]
            ),
            ("GBK", ["gbk", "xgbk", "isoir58"]),
            ("GB18030", ["gb18030", "chinese"]),
            (
                "CP949",
                [
                    "windows949", "ms949", "949", "cp949", "cseuckr", "csksc56011987", "euckr", "isoir149", "korean",
                    "ksc56011987", "ksc56011989", "ksc5601",
                ]
            ),
            ("CP950", ["windows950", "ms950", "950", "cp950"]),
            ("BIG5-HKSCS", ["big5", "big5hkscs", "cnbig5", "csbig5", "xxbig5"]),
        ]
        for family in families {
            for alias in family.aliases { table[alias] = family.iconv }
        }
        return table
    }()
}
