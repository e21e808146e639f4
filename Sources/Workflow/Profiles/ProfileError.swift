/// A profile that cannot be used, with the file and line to fix.
public struct ProfileError: Error, CustomStringConvertible, Sendable {
    /// The profile file.
    public var file: String
    /// The line in it (1-based), when the problem is at one place.
    public var line: Int?
    /// What is wrong and how to fix it, in Chinese.
    public var message: String

    public init(file: String, line: Int?, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `文件 第 N 行：消息`, as printed to the user.
    public var description: String {
        if let line { return "\(file) 第 \(line) 行：\(message)" }
        return "\(file)：\(message)"
    }
}
