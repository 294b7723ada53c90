import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion with posix_spawn and waitpid. Foundation's Process is not used: on Linux
/// its exit monitoring can miss a child that leaves a daemon behind (test-cupsd.sh starts cupsd), and
/// the test then waits forever. Output goes through temporary files, not pipes, so a daemon that keeps
/// a descriptor open cannot hold us up either.
@discardableResult
func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws
    -> (status: Int32, stdout: String, stderr: String) {
    let directory = FileManager.default.temporaryDirectory
    let token = UUID().uuidString
    let outPath = directory.appendingPathComponent("run-\(token).out").path
    let errPath = directory.appendingPathComponent("run-\(token).err").path
    defer {
        unlink(outPath)
        unlink(errPath)
    }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    // The test runner's own sockets must not leak into a daemon that outlives this call. glibc has
    // posix_spawn_file_actions_addclosefrom_np since 2.34, but its header hides it from Swift.
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    }

    let program = executable.hasPrefix("/") ? executable : "/usr/bin/env"
    let argv = (executable.hasPrefix("/") ? [executable] : ["env", executable]) + arguments
    let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
    var cArgv = argv.map { strdup($0) } + [nil]
    var cEnv = env.map { strdup($0) } + [nil]
    defer {
        cArgv.forEach { free($0) }
        cEnv.forEach { free($0) }
    }

    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, program, &actions, nil, &cArgv, &cEnv)
    guard spawned == 0 else {
        throw SubprocessError(message: "posix_spawn \(executable): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
        guard errno == EINTR else {
            throw SubprocessError(message: "waitpid \(executable): \(String(cString: strerror(errno)))")
        }
    }
    // WIFEXITED/WEXITSTATUS are macros Swift cannot see.
    let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    return (exitStatus, stdout, stderr)
}

struct SubprocessError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
