// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "CommunityLegalKiosk",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kioskd", targets: ["kioskd"]),
        .executable(name: "kioskctl", targets: ["kioskctl"]),
        .executable(name: "kiosk-center", targets: ["kiosk-center"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // C libraries, each wrapped by exactly one Swift module.
        .systemLibrary(name: "CEvdev", path: "Sources/CSystem/CEvdev", pkgConfig: "libevdev",
                       providers: [.apt(["libevdev-dev"])]),
        .systemLibrary(name: "CPangoCairo", path: "Sources/CSystem/CPangoCairo", pkgConfig: "pangocairo",
                       providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]),
        .systemLibrary(name: "CCups", path: "Sources/CSystem/CCups", providers: [.apt(["libcups2-dev"])]),
        .systemLibrary(name: "CQRencode", path: "Sources/CSystem/CQRencode", pkgConfig: "libqrencode",
                       providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CLinuxFramebuffer", path: "Sources/CSystem/CLinuxFramebuffer"),

        .target(name: "KioskCore"),
        .target(name: "KioskContent", dependencies: [
            "KioskCore", .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "KioskStorage", dependencies: [
            "KioskCore", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "KioskInput", dependencies: ["CEvdev"]),
        .target(name: "KioskGraphics", dependencies: ["CPangoCairo", "CQRencode"]),
        .target(name: "KioskScreen", dependencies: ["KioskCore", "KioskGraphics", "CLinuxFramebuffer"]),
        .target(name: "KioskPrinting", dependencies: ["KioskCore", "KioskGraphics", "CCups"]),
        .target(name: "KioskUplink", dependencies: [
            "KioskCore", "KioskStorage",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOFoundationCompat", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "ServiceNotify"),
        .target(name: "KioskDaemon", dependencies: [
            "KioskCore", "KioskContent", "KioskStorage", "KioskInput", "KioskGraphics", "KioskScreen",
            "KioskPrinting", "KioskUplink", "ServiceNotify",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOFoundationCompat", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "CenterServer", dependencies: [
            "KioskCore", "ServiceNotify",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .executableTarget(name: "kioskd", dependencies: [
            "KioskDaemon", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "kioskctl", dependencies: [
            "KioskDaemon", "KioskCore", "KioskContent", "KioskStorage", "KioskScreen", "KioskGraphics", "KioskPrinting",
            "KioskInput", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "kiosk-center", dependencies: [
            "CenterServer", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "kiosk-bench", dependencies: [
            "KioskDaemon", "KioskCore", "KioskContent", "KioskStorage", "KioskScreen", "KioskGraphics",
        ], path: "Benchmarks/kiosk-bench"),

        // Test helpers shared by test targets: the private cupsd and running programs.
        .target(name: "KioskTestSupport", path: "Tests/KioskTestSupport"),
        // A real center on loopback, for the tests of the center and of the uplink.
        .target(name: "CenterTestSupport", dependencies: ["CenterServer", "KioskCore", "KioskTestSupport"],
                path: "Tests/CenterTestSupport"),
        .testTarget(name: "KioskCoreTests", dependencies: ["KioskCore"]),
        .testTarget(name: "KioskContentTests", dependencies: ["KioskContent", "KioskTestSupport"], exclude: ["BrokenFlows"]),
        .testTarget(name: "KioskStorageTests", dependencies: ["KioskStorage", "KioskContent", "KioskTestSupport"]),
        .testTarget(name: "KioskInputTests", dependencies: ["KioskInput"]),
        .testTarget(name: "KioskGraphicsTests", dependencies: ["KioskGraphics", "KioskTestSupport"]),
        .testTarget(name: "KioskScreenTests", dependencies: ["KioskScreen", "KioskContent", "KioskCore", "KioskGraphics"]),
        .testTarget(name: "KioskPrintingTests", dependencies: ["KioskPrinting", "KioskCore", "KioskTestSupport"]),
        .testTarget(name: "KioskUplinkTests", dependencies: [
            "KioskUplink", "CenterServer", "KioskStorage", "KioskCore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"), "KioskTestSupport", "CenterTestSupport",
        ]),
        .testTarget(name: "KioskDaemonTests", dependencies: [
            "KioskDaemon", "CenterServer", "KioskContent", "KioskInput", "KioskScreen", "KioskCore", "KioskStorage", "KioskTestSupport",
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "CenterServerTests", dependencies: [
            "CenterServer", "KioskCore", "ServiceNotify",
            .product(name: "AsyncHTTPClient", package: "async-http-client"), "KioskTestSupport", "CenterTestSupport",
        ]),
    ],
    swiftLanguageModes: [.v6]
)
