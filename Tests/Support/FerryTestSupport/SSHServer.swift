import Foundation

/// Debian's OpenSSH server on a loopback port, reachable with the system `ssh` client as the user
/// running the tests: what Ferry's remote execution talks to (`ssh -F clientConfigPath hostAlias
/// command`). Keys, configuration and logs live in a temporary directory; only reachable through
/// `withRunning`, which stops the server.
public final class SSHServer: Sendable {
    /// The `Host` of the client configuration.
    public let hostAlias = "ferry-remote"
    /// An ssh_config file whose `Host ferry-remote` reaches this server with the client key, in
    /// batch mode, accepting the (fresh) host key without a known_hosts file.
    public let clientConfigPath: String
    public let port: Int
    /// Who logs in: the user running the tests (root in CI, hence `PermitRootLogin prohibit-password`).
    public let userName: String

    private let directory: TemporaryDirectory
    private var serverConfigPath: String { directory.path("sshd_config") }

    /// Where sshd must be: it re-executes itself for every connection, so it refuses a relative path.
    private static let sshd = "/usr/sbin/sshd"

    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
    }

    private init(directory: TemporaryDirectory, port: Int, userName: String) {
        self.directory = directory
        self.port = port
        self.userName = userName
        clientConfigPath = directory.path("ssh_config")
    }

    /// Starts a server, runs `body` once it accepts connections, and stops it (and waits for it to
    /// exit) before returning, also when `body` throws.
    public static func withRunning<T>(isolation: isolated (any Actor)? = #isolation,
                                      _ body: (SSHServer) async throws -> T) async throws -> T {
        guard FileManager.default.isExecutableFile(atPath: sshd) else {
            throw StartFailure(description: "\(sshd) is missing: scripts/test installs openssh-server; run the tests with it")
        }
        let server = try await prepare()
        // sshd closes every descriptor it inherits, among them the socket through which Foundation
        // notices a child's exit. Foundation then takes sshd for ended and waits for it (waitpid, no
        // WNOHANG) on the one thread that reaps all children, and every later child of the test
        // process (psql, ssh) hangs in waitUntilExit. A shell that keeps the socket open runs sshd
        // instead. `stop` ends sshd through its pid file, then the shell (see there why both).
        let supervisor = #"sshd="$1"; shift; "$sshd" "$@" & wait $!"#
        return try await RunningProcess.withRunning(
            "/bin/sh", ["-c", supervisor, "sh", sshd, "-D", "-e", "-f", server.serverConfigPath]
        ) { child in
            do {
                try await server.waitUntilListening(child)
                let result = try await body(server)
                await server.stop(child)
                return result
            } catch {
                await server.stop(child)
                throw error
            }
        }
    }

    /// Runs `command` on the server with the system ssh client; the output carries the remote
    /// command's exit status (255 when ssh itself failed).
    public func run(_ command: String) async throws -> ProcessOutput {
        try await ProcessOutput.run(try SystemCommand.path("ssh"), ["-F", clientConfigPath, hostAlias, command])
    }

    /// Makes the keys and both configuration files.
    private static func prepare() async throws -> SSHServer {
        // Root's sshd drops privileges into this empty directory; Debian's package only creates it
        // when its service starts, which it never does here.
        if geteuid() == 0 {
            try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o755])
        }
        let server = SSHServer(directory: try TemporaryDirectory(), port: try FreePort.find(), userName: try currentUserName())
        let hostKey = server.directory.path("host_ed25519")
        let clientKey = server.directory.path("client_ed25519")
        for key in [hostKey, clientKey] {
            let output = try await ProcessOutput.run(try SystemCommand.path("ssh-keygen"),
                                                     ["-q", "-t", "ed25519", "-N", "", "-C", "ferry-test", "-f", key])
            guard output.status == 0 else { throw ProcessFailure(command: "ssh-keygen", output: output) }
        }
        try FileManager.default.copyItem(atPath: clientKey + ".pub", toPath: server.directory.path("authorized_keys"))

        // Quoted paths: TMPDIR may contain spaces. No AcceptEnv line: sshd then accepts no variable
        // from the client, so the remote side sees only what the command line gives it. MaxStartups:
        // concurrent workers open many connections at once, beyond the default 10 unauthenticated.
        let serverConfig = """
            ListenAddress 127.0.0.1
            Port \(server.port)
            HostKey "\(hostKey)"
            AuthorizedKeysFile "\(server.directory.path("authorized_keys"))"
            PidFile "\(server.directory.path("sshd.pid"))"
            UsePAM no
            StrictModes no
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            PrintMotd no
            MaxStartups 100
            """
        try (serverConfig + "\n").write(toFile: server.serverConfigPath, atomically: true, encoding: .utf8)

        let clientConfig = """
            Host \(server.hostAlias)
              HostName 127.0.0.1
              Port \(server.port)
              User \(server.userName)
              IdentityFile "\(clientKey)"
              IdentitiesOnly yes
              UserKnownHostsFile /dev/null
              GlobalKnownHostsFile /dev/null
              StrictHostKeyChecking no
              LogLevel ERROR
              BatchMode yes
              ConnectTimeout 10
            """
        try (clientConfig + "\n").write(toFile: server.clientConfigPath, atomically: true, encoding: .utf8)
        return server
    }

    /// Waits until the port accepts connections; fails early, with sshd's own words, when sshd exits
    /// instead (a bad configuration, a missing privilege separation directory).
    private func waitUntilListening(_ child: RunningProcess) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while !FreePort.isListening(port: port) {
            if let ended = await child.termination(within: .zero) {
                throw StartFailure(description: "sshd \(ended) before listening: \(child.standardError)")
            }
            guard ContinuousClock.now < deadline else {
                throw StartFailure(description: "sshd did not listen on port \(port) within 20 s: \(child.standardError)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Ends sshd, then its shell, and waits for the shell to exit. Children inherit the signal mask
    /// of the pool thread that started them, in which SIGTERM and SIGCHLD are blocked: sshd would
    /// ignore SIGTERM and the shell would never see sshd end, so both get SIGKILL.
    private func stop(_ child: RunningProcess) async {
        let pidText = (try? String(contentsOfFile: directory.path("sshd.pid"), encoding: .utf8)) ?? ""
        if let pid = Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)) {
            // SIGKILL: sshd inherits the blocked SIGTERM too, and a test server has nothing to save.
            kill(pid, SIGKILL)
        }
        // The shell would not notice: SIGCHLD is blocked in its inherited mask as well.
        child.send(SIGKILL)
        _ = await child.termination(within: .seconds(10))
    }

    private static func currentUserName() throws -> String {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else {
            throw StartFailure(description: "no passwd entry for uid \(geteuid())")
        }
        return String(cString: name)
    }
}
