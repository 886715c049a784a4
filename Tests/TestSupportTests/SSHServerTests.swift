import FerryTestSupport
import Testing

/// OpenSSH's server on loopback, reached the way Ferry's worker will: `ssh -F config ferry-remote command`.
@Suite struct SSHServerTests {
    @Test func commandOutputComesBack() async throws {
        try await SSHServer.withRunning { server in
            let output = try await server.run("echo hello")
            #expect(output.status == 0, "\(output.stderrText)")
            #expect(output.stdoutText == "hello\n")
        }
    }

    @Test func exitStatusComesBack() async throws {
        try await SSHServer.withRunning { server in
            let output = try await server.run("echo failing >&2; exit 7")
            #expect(output.status == 7)
            #expect(output.stderrText == "failing\n")
        }
    }

    @Test func loginIsTheTestUser() async throws {
        try await SSHServer.withRunning { server in
            let output = try await server.run("id -un")
            #expect(output.stdoutText == server.userName + "\n", "\(output.stderrText)")
        }
    }
}
