import Foundation
import Testing

/// Runs programs against our files: the `sheetflow` binary, and programs nobody here wrote
/// (openpyxl, LibreOffice). Shared by every test target.
public enum ExternalTool {
    /// What a program printed and returned.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs a command (a name on PATH or an absolute path), in `directory` when given, with `input`
    /// on its standard input (none when nil), and collects its output.
    public static func run(_ executable: String, _ arguments: [String], in directory: String? = nil, input: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        try stdin.fileHandleForWriting.write(contentsOf: Data((input ?? "").utf8))
        try stdin.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs a Python script with openpyxl (installed by .ci/run) and returns its JSON output.
    public static func python(_ script: String, _ arguments: [String]) throws -> Any {
        let output = try run("python3", ["-c", script] + arguments)
        guard output.status == 0 else {
            Issue.record("python3 failed (is openpyxl installed? pip install openpyxl): \(output.stderr)")
            return [:] as [String: Any]
        }
        return try JSONSerialization.jsonObject(with: Data(output.stdout.utf8))
    }

    /// Whether LibreOffice (`soffice`) is on this machine (.ci/run installs it and fails without it).
    public static var hasLibreOffice: Bool {
        (try? run("which", ["soffice"]).status) == 0
    }

    /// Whether headless Chromium, its driver and Selenium (PyPI) are installed (`.ci/run` installs them).
    public static var hasBrowser: Bool {
        (try? run("which", ["chromedriver"]).status) == 0 && (try? run("python3", ["-c", "import selenium"]).status) == 0
    }

    /// Converts a file with LibreOffice headless into `format` in `folder`; returns the output path.
    public static func libreOffice(convert file: String, to format: String, in folder: String) throws -> String {
        let profile = "file://" + folder + "/lo-profile"
        let output = try run("soffice", ["-env:UserInstallation=\(profile)", "--headless", "--convert-to", format, "--outdir", folder, file])
        #expect(output.status == 0, "LibreOffice failed: \(output.stderr)")
        let base = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let ext = String(format.split(separator: ":").first ?? Substring(format))
        return folder + "/" + base + "." + ext
    }

    /// The lines LibreOffice exports as CSV (cells as shown, UTF-8). Tests that call it are marked
    /// `.enabled(if: ExternalTool.hasLibreOffice)`, so without LibreOffice they are skipped, not passed.
    public static func libreOfficeCSVLines(of file: String, in folder: String) throws -> [String] {
        let csv = try libreOffice(convert: file, to: "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false", in: folder)
        return try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// A fresh temporary folder.
    public static func temporaryFolder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sheetflow-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }
}
