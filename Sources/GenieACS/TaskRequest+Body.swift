extension TaskRequest {
    /// The request body GenieACS receives: the bytes of ``document``'s `compactText`, written
    /// straight from the task's fields.
    ///
    /// A campaign posts one task per device; building the ``document`` tree and printing it
    /// scalar by scalar was a measurable share of the engine's CPU. Strings without characters to
    /// escape are copied whole; the escapes are those of `JSONValue.quote` (canonical style).
    public var body: [UInt8] {
        var out = TaskBodyWriter()
        out.open("name")
        out.string(task.name)
        switch task {
        case .getParameterValues(let paths):
            out.member("parameterNames")
            out.array(paths) { out, path in out.string(path) }
        case .setParameterValues(let values):
            out.member("parameterValues")
            out.array(values) { out, item in
                out.byte(UInt8(ascii: "["))
                out.string(item.path)
                out.byte(UInt8(ascii: ","))
                out.value(item.value)
                if let type = item.type {
                    out.byte(UInt8(ascii: ","))
                    out.string(type)
                }
                out.byte(UInt8(ascii: "]"))
            }
        case .refreshObject(let path), .deleteObject(let path):
            out.member("objectName")
            out.string(path)
        case .addObject(let path, let values):
            out.member("objectName")
            out.string(path)
            if !values.isEmpty {
                out.member("parameterValues")
                out.array(values) { out, pair in
                    out.byte(UInt8(ascii: "["))
                    out.string(pair.0)
                    out.byte(UInt8(ascii: ","))
                    out.string(pair.1)
                    out.byte(UInt8(ascii: "]"))
                }
            }
        case .download(let fileType, let fileName, let target):
            out.member("fileType")
            out.string(fileType)
            out.member("fileName")
            out.string(fileName)
            if let target {
                out.member("targetFileName")
                out.string(target)
            }
        case .downloadFile(let id):
            out.member("file")
            out.string(id)
        case .reboot, .factoryReset:
            break
        case .provisions(let provisions):
            out.member("provisions")
            out.array(provisions) { out, provision in
                out.byte(UInt8(ascii: "["))
                out.string(provision.name)
                for argument in provision.arguments {
                    out.byte(UInt8(ascii: ","))
                    out.argument(argument)
                }
                out.byte(UInt8(ascii: "]"))
            }
        }
        if let uniqueKey {
            out.member("uniqueKey")
            out.string(uniqueKey)
        }
        switch expiry {
        case .after(let seconds):
            out.member("expiry")
            out.raw(String(seconds))
        case .at(let date):
            out.member("expiry")
            out.string(date)
        case nil: break
        }
        if let timestamp {
            out.member("timestamp")
            if let milliseconds = Int(timestamp) { out.raw(String(milliseconds)) } else { out.string(timestamp) }
        }
        out.byte(UInt8(ascii: "}"))
        return out.bytes
    }
}
