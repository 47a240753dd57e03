/// What a new password must be: long enough to resist guessing and not the account's own name. Length is counted
/// in characters, so a Chinese passphrase counts as what it is.
public enum PasswordPolicy {
    public static let minimumLength = 10
    /// bcrypt reads at most 72 bytes; a longer password would be silently cut.
    public static let maximumBytes = 72

    /// Why `password` is refused for `username`, in Chinese and English, or nil when it is acceptable.
    public static func problem(_ password: String, username: String) -> String? {
        if password.count < minimumLength { return "密码至少 \(minimumLength) 个字符 (a password needs at least \(minimumLength) characters)" }
        if password.utf8.count > maximumBytes { return "密码最多 \(maximumBytes) 字节 (at most \(maximumBytes) bytes)" }
        if password.lowercased().contains(username.lowercased()) { return "密码不能包含用户名 (the password must not contain the user name)" }
        if Set(password).count < 4 { return "密码过于简单 (too few different characters)" }
        return nil
    }
}
