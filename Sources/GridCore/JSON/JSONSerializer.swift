extension JSONValue {
    /// Compact JSON text: no insignificant whitespace, keys in object order, non-ASCII kept as UTF-8.
    /// Non-finite doubles (which JSON cannot express) are written as null.
    public func serialized() -> String {
        var output = ""
        output.reserveCapacity(128)
        write(to: &output)
        return output
    }

    /// Appends the compact JSON text of this value to `output`.
    public func write(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let bool): output += bool ? "true" : "false"
        case .int(let int): output += String(int)
        case .double(let double):
            if !double.isFinite {
                output += "null"
            } else if double.rounded() == double, abs(double) < 1e15 {
                output += String(Int64(double))
            } else {
                output += "\(double)"
            }
        case .string(let string): JSONValue.writeString(string, to: &output)
        case .array(let array):
            output += "["
            for (index, element) in array.enumerated() {
                if index > 0 { output += "," }
                element.write(to: &output)
            }
            output += "]"
        case .object(let object):
            output += "{"
            for (index, pair) in object.pairs.enumerated() {
                if index > 0 { output += "," }
                JSONValue.writeString(pair.key, to: &output)
                output += ":"
                pair.value.write(to: &output)
            }
            output += "}"
        }
    }

    static func writeString(_ string: String, to output: inout String) {
        output += "\""
        var needsEscape = false
        for byte in string.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            needsEscape = true
            break
        }
        if !needsEscape {
            output += string
            output += "\""
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
