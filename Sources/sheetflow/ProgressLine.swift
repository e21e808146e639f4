import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress display on stderr (`已读取 120000 行，每秒 24000 行`), redrawn in place,
/// only when stderr is a terminal: scripts and logs see nothing of it.
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let started = Date()
    private let lock = NSLock()
    private var shown = false
    private let enabled = isatty(STDERR_FILENO) == 1

    init(_ label: String) {
        self.label = label
    }

    /// The callback to hand to the work: told the number of rows done.
    var callback: (@Sendable (Int) -> Void)? {
        guard enabled else { return nil }
        return { @Sendable [self] rows in self.update(rows) }
    }

    private func update(_ rows: Int) {
        let seconds = max(Date().timeIntervalSince(started), 0.001)
        lock.lock()
        defer { lock.unlock() }
        shown = true
        FileHandle.standardError.write(Data("\r\(label)：已读取 \(rows) 行，每秒 \(Int(Double(rows) / seconds)) 行\u{1B}[K".utf8))
    }

    /// Clears the line before the result is printed.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
