import AsyncHTTPClient
import Foundation
import KilnTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("MotoServer", .serialized)
struct MotoServerTests {
    @Test("starts on a loopback port, resets, and stop() leaves no process")
    func lifecycle() async throws {
        let moto = try await MotoServer.start()
        let pid = moto.pid
        #expect(moto.endpoint.host == "127.0.0.1")
        #expect(kill(pid, 0) == 0)
        #expect(await PortAllocator.isListening(port: moto.port))
        try await moto.reset()
        #expect(FileManager.default.fileExists(atPath: moto.logFile.path))

        moto.stop()
        #expect(!moto.isRunning)
        #expect(kill(pid, 0) == -1 && errno == ESRCH)
        #expect(await !PortAllocator.isListening(port: moto.port))
        moto.stop()  // idempotent
    }

    @Test("a missing executable fails with a clear error")
    func notInstalled() async throws {
        let error = await #expect(throws: HarnessError.self) {
            _ = try await MotoServer.start(.init(executable: "kiln-no-such-moto-server"))
        }
        #expect(error?.description.contains("kiln-no-such-moto-server is not installed") == true)
    }

    @Test("creates an IAM user with an access key")
    func createsIAMUser() async throws {
        let moto = try await MotoServer.start(.init(initialNoAuthActionCount: 3))
        defer { moto.stop() }
        let key = try await moto.createIAMUser(name: "builder")
        #expect(key.accessKeyId.count >= 16)
        #expect(!key.secretAccessKey.isEmpty)
        #expect(!key.description.contains(key.secretAccessKey))
    }
}
