import Foundation
import GRDB
import KioskCore
import KioskDaemon
import KioskStorage
import KioskTestSupport
import Logging
import Testing

/// How kioskd finds its content at start: the bundle, or the authored folder when the bundle is missing or was
/// written by an older kioskd.
@Suite struct ContentLoadingTests {
    func config(in folder: TempDirectory) -> KioskConfig {
        var config = KioskConfig()
        config.kioskID = "k1"
        config.stateDirectory = folder.url.path
        config.content.source = Paths.content
        return config
    }

    @Test func aBundleFromAnOlderFormatIsRebuiltFromTheSource() throws {
        let folder = try TempDirectory()
        let config = config(in: folder)
        _ = try Daemon.loadContent(config: config, logger: Logger(label: "test"))
        // Pretend an older kioskd wrote it.
        let queue = try DatabaseQueue(path: config.bundlePath)
        try queue.write { try $0.execute(sql: "UPDATE meta SET value = '1' WHERE key = 'format'") }
        try queue.close()
        #expect(throws: BundleError.self) { try ContentBundle.read(from: config.bundlePath) }

        let content = try Daemon.loadContent(config: config, logger: Logger(label: "test"))
        #expect(content.flow("legal-aid") != nil)
        #expect(content.settings["legal_aid_income_threshold"] != nil)
        #expect(try ContentBundle.read(from: config.bundlePath).version == content.version)
    }

    @Test func aDamagedBundleIsReportedNotReplaced() throws {
        let folder = try TempDirectory()
        let config = config(in: folder)
        try Data("not sqlite".utf8).write(to: URL(fileURLWithPath: config.bundlePath))
        #expect(throws: DaemonError.self) { try Daemon.loadContent(config: config, logger: Logger(label: "test")) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: config.bundlePath)) == Data("not sqlite".utf8))
    }
}
