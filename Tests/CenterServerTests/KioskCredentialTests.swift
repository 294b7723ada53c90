import CenterTestSupport
import KioskTestSupport
import CenterServer
import Foundation
import KioskCore
import Testing

@Suite("Kiosk credentials and database locations")
struct KioskCredentialTests {
    @Test func secretIs32RandomBytesInBase64URL() async throws {
        let directory = try TempDirectory()
        let database = "sqlite:" + directory.path("center.db")
        let one = try await Center.addKiosk(id: "kiosk-1", database: database)
        let two = try await Center.addKiosk(id: "kiosk-2", database: database)
        #expect(one.count == 43)
        #expect(one != two)
        #expect(one.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })

        // Only the hash is stored: the secret appears nowhere in the database files.
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.url.path) {
            let bytes = try Data(contentsOf: directory.url.appendingPathComponent(name))
            #expect(bytes.range(of: Data(one.utf8)) == nil, "secret found in \(name)")
        }
    }

    @Test func addingAnExistingKioskFailsUnlessRotating() async throws {
        try await withCenter { center in
            let original = try await center.addKiosk("kiosk-1")
            await #expect(throws: CenterError.kioskExists("kiosk-1")) {
                _ = try await Center.addKiosk(id: "kiosk-1", database: center.database)
            }
            #expect(CenterError.kioskExists("kiosk-1").description.contains("--rotate"))

            // The failed add left the original secret working.
            let batch = EventBatch(kiosk: "kiosk-1", events: [])
            #expect(try await center.post(batch, token: original).status == 200)

            let rotated = try await Center.addKiosk(id: "kiosk-1", database: center.database, rotate: true)
            #expect(rotated != original)
            #expect(try await center.post(batch, token: original).status == 401)
            #expect(try await center.post(batch, token: rotated).status == 200)
            #expect(try await Center.kiosks(database: center.database).map(\.id) == ["kiosk-1"])
        }
    }

    @Test(arguments: ["", "has space", "slash/id", "dotted.id", String(repeating: "k", count: 65), "全市-1"])
    func invalidKioskIDsAreRefused(id: String) async throws {
        let directory = try TempDirectory()
        await #expect(throws: CenterError.invalidKioskID(id)) {
            _ = try await Center.addKiosk(id: id, database: "sqlite:" + directory.path("center.db"))
        }
    }

    @Test func onlySQLiteLocationsAreAcceptedForNow() throws {
        #expect(try DatabaseLocation(parsing: "sqlite:/var/lib/center.db") == .sqlite(path: "/var/lib/center.db"))
        for text in ["postgres://center@localhost/center", "postgresql://x", "/var/lib/center.db", "sqlite:"] {
            #expect(throws: CenterError.self) { try DatabaseLocation(parsing: text) }
        }
        do {
            _ = try DatabaseLocation(parsing: "postgres://center@localhost/center")
        } catch {
            #expect(error.description.contains("PostgreSQL is not supported yet"))
        }
    }

    @Test func unopenableDatabaseIsAClearError() async throws {
        let directory = try TempDirectory()
        let location = "sqlite:" + directory.path("missing-dir/center.db")
        await #expect(throws: CenterError.self) { _ = try await Center.stats(database: location) }
        do {
            _ = try await Center.stats(database: location)
        } catch let error as CenterError {
            #expect(error.description.contains(location))
        }
    }

    @Test func listenAddresses() throws {
        #expect(try parseListenAddress("127.0.0.1:8080") == ("127.0.0.1", 8080))
        #expect(try parseListenAddress("[::1]:0") == ("::1", 0))
        for text in ["8080", "::1:8080", ":8080", "host:99999", "host:port"] {
            #expect(throws: CenterError.badListenAddress(text)) { try parseListenAddress(text) }
        }
    }

    @Test func secretFileIsOwnerOnly() throws {
        let directory = try TempDirectory()
        let path = directory.path("kiosk-1.secret")
        // An existing file with wider permissions is narrowed.
        _ = FileManager.default.createFile(atPath: path, contents: Data("old".utf8),
                                       attributes: [.posixPermissions: 0o644])
        try Center.writeSecret("s3cret", to: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "s3cret\n")
    }

    @Test func twoCentersCannotShareAPort() async throws {
        try await withCenter { first in
            let directory = try TempDirectory()
            await #expect(throws: (any Error).self) {
                let second = try await Center.start(CenterConfiguration(
                    database: "sqlite:" + directory.path("other.db"), host: "127.0.0.1", port: first.center.port,
                    logLevel: .critical))
                await second.stop()
            }
        }
    }
}
