/// Writes a virtual parameter script in GenieACS's virtual parameter contract: `args[0]` holds the
/// attribute timestamps being asked for, `args[1]` the attribute values being set (when GenieACS
/// sets the virtual parameter), and the script returns `{writable, value: [value, type]}`
/// (GenieACS documentation "Virtual Parameters"; GenieACS 1.2.16 lib/nbi.ts:175-181 on the wrapper and the
/// top-level `return`).
///
/// All candidate paths are declared before any is read, so one session round trip fetches them all.
/// The first candidate the device has wins; its first instance when the path has `*`. With none,
/// the value is an empty string and the parameter is not writable.
enum VirtualParameterBuilder {
    static func script(for parameter: VirtualParameter) -> String {
        let paths = parameter.paths.map(CanonicalJSON.quote).joined(separator: ", ")
        let type = CanonicalJSON.quote(parameter.type)
        var lines = [
            "const paths = [\(paths)];",
            "const type = \(type);",
            "// Honour the freshness GenieACS asks for; any stored value otherwise.",
            "const wanted = {value: (args[0] && args[0].value) || 1};",
            "const declared = paths.map(p => declare(p, wanted));",
            "let item = null;",
            "for (const d of declared) {",
            "  for (const i of d) {",
            "    item = i;",
            "    break;",
            "  }",
            "  if (item) break;",
            "}",
            "if (!item) return {writable: false, value: [\"\", \"xsd:string\"]};",
        ]
        if parameter.writable {
            lines += [
                "if (args[1] && args[1].value !== undefined) {",
                "  const value = Array.isArray(args[1].value) ? args[1].value[0] : args[1].value;",
                "  declare(item.path, null, {value: [value, type]});",
                "  return {writable: true, value: [value, type]};",
                "}",
                "return {writable: true, value: [item.value[0], type]};",
            ]
        } else {
            lines.append("return {writable: false, value: [item.value[0], type]};")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
