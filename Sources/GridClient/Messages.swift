import GridCore
import GridSystem
import Glibc

/// gridctl's message catalogue: every text it shows people, by key, in English (`MessagesEN`)
/// and Chinese (`MessagesZH`); `{name}` marks where a value goes. A test checks that both hold
/// the same keys with the same placeholders, and every key the command table needs.
public enum Messages {
    public static func catalogue(_ language: Language) -> [String: String] {
        switch language {
        case .en: return MessagesEN.all
        case .zh: return MessagesZH.all
        }
    }

    /// The text of `key` in `language` with `values` put in; a key missing from the catalogue
    /// shows as itself (the catalogue test keeps that from shipping).
    public static func text(_ key: String, _ language: Language, _ values: [String: String] = [:]) -> String {
        var text = catalogue(language)[key] ?? catalogue(.en)[key] ?? key
        for (name, value) in values { text = text.replacingAll("{\(name)}", with: value) }
        return text
    }

    /// The `{name}` placeholders of a text.
    public static func placeholders(_ text: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// What a failed system call says, for people: in Chinese for the errors people meet
    /// (no such file, permission, refused connection, disk full …), else the C library's text.
    public static func errorText(_ error: Errno, _ language: Language) -> String {
        guard language == .zh, let text = chineseErrno[error.code] else { return error.message }
        return text
    }

    static let chineseErrno: [Int32: String] = [
        ENOENT: "文件或目录不存在", EACCES: "权限不足", EPERM: "不允许的操作", ECONNREFUSED: "连接被拒绝",
        ENOTDIR: "路径中有一项不是目录", EISDIR: "是一个目录", EEXIST: "文件已存在", ENOSPC: "磁盘空间不足",
        EROFS: "只读文件系统", ELOOP: "符号链接过多（或拒绝跟随的符号链接）", ENAMETOOLONG: "文件名太长",
        ECONNRESET: "连接被对方重置", EPIPE: "连接已断开", EDQUOT: "超出磁盘配额", EFBIG: "文件太大",
    ]

    /// A state as people say it: 处置中 in Chinese, `acknowledged` in English.
    static func state(_ wire: String?, _ language: Language) -> String {
        guard let wire else { return "?" }
        guard language == .zh, let state = IncidentState(rawValue: wire) else { return wire }
        return state.chineseName
    }

    /// A tier as people say it: 街道 in Chinese, `street` in English.
    static func tier(_ wire: String?, _ language: Language) -> String {
        guard let wire else { return "?" }
        guard language == .zh, let tier = Tier(name: wire) else { return wire }
        return tier.chineseName
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation in the client's text paths).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
