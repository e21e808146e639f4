import Foundation

/// The service's log: one line per event, China time, to `.sheetflow/sheetflow.log` and stderr.
/// Every line is masked first: an ID number anywhere in it (a file name, a message) shows only
/// its first six and last four characters.
public final class ServiceLog: @unchecked Sendable {
    private let handle: FileHandle?
    private let echo: Bool
    private let lock = NSLock()

    /// Appends to `path` (created if needed); `echo` also writes each line to stderr.
    public init(path: String, echo: Bool = true) {
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) }
        handle = FileHandle(forWritingAtPath: path)
        _ = try? handle?.seekToEnd()
        self.echo = echo
    }

    /// Writes one line.
    public func line(_ text: String) {
        let masked = ServiceLog.maskIDs(in: text)
        let line = "\(ChinaTime.timestamp(Date())) \(masked)\n"
        lock.lock()
        defer { lock.unlock() }
        handle?.write(Data(line.utf8))
        if echo { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// `…440203199001011234…` → `…440203********1234…`: any run of 17 digits followed by a digit
    /// or X (an 18-digit ID) or of 15 digits (a first-generation ID) is masked.
    public static func maskIDs(in text: String) -> String {
        var result = ""
        var run = ""
        func flush() {
            if run.count == 18 || run.count == 15 { result += ResidentID.mask(run) } else { result += run }
            run = ""
        }
        for character in text {
            if character.isASCII, character.isNumber {
                run.append(character)
            } else if (character == "X" || character == "x"), run.count == 17 {
                run.append(character)
                flush()
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }
}
