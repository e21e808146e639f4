// swift-tools-version: 6.0
// sheetflow: Excel paperwork for the pension-contribution relief of people in hardship.
import PackageDescription

let package = Package(
    name: "sheetflow",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "XLSXKit", targets: ["XLSXKit"]),
        .library(name: "Workflow", targets: ["Workflow"]),
        .library(name: "OfficeWeb", targets: ["OfficeWeb"]),
        .executable(name: "sheetflow", targets: ["sheetflow"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        // System-library shims only: headers, link flags and a few inline helpers for C macros.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // The file format. Knows nothing about pensions.
        .target(
            name: "XLSXKit",
            dependencies: ["CZlib", "CLibXML"]
        ),
        // The domain: rosters, rules, profiles, register, reports.
        .target(
            name: "Workflow",
            dependencies: ["XLSXKit", .product(name: "Yams", package: "Yams"), .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.copy("Resources/sample-roster.xlsx"), .copy("Resources/divisions.tsv")]
        ),
        // The office's web page (`sheetflow serve`): HTML pages over Workflow, served by Hummingbird.
        .target(
            name: "OfficeWeb",
            dependencies: ["Workflow", "XLSXKit", .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "MultipartKit", package: "multipart-kit"),
                           .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
                           .product(name: "NIOCore", package: "swift-nio")]
        ),
        // The command-line tool: parses arguments, calls Workflow, prints.
        .executableTarget(
            name: "sheetflow",
            dependencies: [
                "XLSXKit", "Workflow", "OfficeWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by the test targets: running sheetflow, openpyxl and LibreOffice.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "XLSXKitTests",
            dependencies: ["XLSXKit", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "WorkflowTests", dependencies: ["Workflow", "XLSXKit", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
                    resources: [.copy("Probes"), .copy("Fixtures")]),
        .testTarget(name: "sheetflowTests", dependencies: ["sheetflow", "TestSupport"]),
        .testTarget(name: "OfficeWebTests", dependencies: ["OfficeWeb", "Workflow", "XLSXKit", "TestSupport",
                                                            .product(name: "HummingbirdTesting", package: "hummingbird")]),
    ]
)
