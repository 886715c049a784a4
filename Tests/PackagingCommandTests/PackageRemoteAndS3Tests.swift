import DatabaseTestSupport
import FerryTestSupport
import Foundation
import Testing

/// A source on another host built over SSH (Debian's sshd on loopback), and an S3 buffer
/// (`rclone serve s3` with SigV4).
@Suite struct PackageRemoteAndS3Tests {
    @Test(arguments: TestBackend.allCases)
    func aPackageOfAnotherHostIsBuiltThereOverSSH(backend: TestBackend) async throws {
        try await SSHServer.withRunning { server in
            try await backend.withEmptyDatabaseURL { url in
                let fixture = try PackagingFixture(databaseURL: url, sourceHost: server.hostAlias)
                try fixture.writeRawFile("ou-1/pc-280/a.dat", size: 50_000)
                try fixture.writeRawFile("ou-1/pc-280/b.dat", size: 7)
                try await fixture.prepare()
                try await fixture.succeed(["register", "--location", "telescope", "--scan"])
                try await fixture.succeed(["manager", "--once"])

                // A worker standing for another host, without --ssh, leaves the package alone.
                let local = try await fixture.succeed(["worker", "--host", "archive", "--until-idle", "--poll-interval", "0.05"])
                #expect(local.stdoutText.contains(": 0 packages built"), "\(local.stdoutText)")
                #expect(try await fixture.status().packages.first?.status == "PENDING")

                // The remote ferry leaves a mark, so the test knows the build ran through ssh.
                let marker = fixture.directory.path("remote-ran")
                let remoteFerry = fixture.directory.path("remote-ferry.sh")
                try "#!/bin/sh\ntouch '\(marker)'\nexec '\(fixture.ferry)' \"$@\"\n".write(toFile: remoteFerry, atomically: true, encoding: .utf8)
                chmod(remoteFerry, 0o755)
                try await fixture.succeed(["worker", "--host", "archive", "--ssh", "--ssh-config", server.clientConfigPath,
                                           "--remote-ferry", remoteFerry, "--until-idle", "--poll-interval", "0.05"])
                #expect(FileManager.default.fileExists(atPath: marker), "the build ran through ssh")
                let package = try #require(try await fixture.status().packages.first)
                #expect(package.status == "COMPLETED" && package.files == ["ou-1/pc-280/a.dat", "ou-1/pc-280/b.dat"])
                try await fixture.succeed(["verify", package.name])
            }
        }
    }

    /// The answer lists every member: a package of 9,000 files (1.4 MB of JSON) passed the 1 MiB
    /// the answer was once allowed, and every attempt failed although the tar was built.
    @Test func aPackageOfThousandsOfFilesIsBuiltOverSSH() async throws {
        try await SSHServer.withRunning { server in
            try await TestBackend.sqlite.withEmptyDatabaseURL { url in
                let fixture = try PackagingFixture(databaseURL: url, sourceHost: server.hostAlias)
                let folder = fixture.source + "/ou-1/pc-280"
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                for index in 0..<9_000 {
                    let name = String(format: "raw-frame-with-a-long-descriptive-name-of-the-detector-%05d.dat", index)
                    FileManager.default.createFile(atPath: folder + "/" + name, contents: Data([UInt8(index % 251)]))
                }
                try await fixture.prepare()
                try await fixture.succeed(["register", "--location", "telescope", "--scan"])
                try await fixture.succeed(["manager", "--once"])
                try await fixture.succeed(["worker", "--host", "archive", "--ssh", "--ssh-config", server.clientConfigPath,
                                           "--remote-ferry", fixture.ferry, "--until-idle", "--poll-interval", "0.05"])
                let package = try #require(try await fixture.status().packages.first)
                #expect(package.status == "COMPLETED" && package.files.count == 9_000 && package.attempts == 1, "\(package.error ?? "")")
            }
        }
    }

    /// ssh that exits before reading the plan (an unreachable host) used to kill the worker with
    /// SIGPIPE as it wrote a plan larger than the pipe holds: the package stayed IN_PROGRESS.
    @Test func anUnreachableSSHHostFailsThePackageAndTheWorkerLives() async throws {
        try await TestBackend.sqlite.withEmptyDatabaseURL { url in
            let fixture = try PackagingFixture(databaseURL: url, sourceHost: "deadhost")
            let config = fixture.directory.path("ssh_config")
            try "Host deadhost\n  HostName 127.0.0.1\n  Port \(try FreePort.find())\n  BatchMode yes\n  StrictHostKeyChecking no\n"
                .write(toFile: config, atomically: true, encoding: .utf8)
            let folder = fixture.source + "/ou-1/pc-280"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for index in 0..<3_000 {
                FileManager.default.createFile(atPath: folder + "/" + String(format: "frame-%05d-of-a-long-observation.dat", index),
                                               contents: Data([1]))
            }
            try await fixture.prepare()
            try await fixture.succeed(["register", "--location", "telescope", "--scan"])
            try await fixture.succeed(["manager", "--once"])
            let worker = try await fixture.run(["worker", "--host", "archive", "--ssh", "--ssh-config", config, "--remote-ferry", fixture.ferry,
                                                "--until-idle", "--poll-interval", "0.05", "--retry-delay", "0.05"])
            #expect(worker.status == 1, "exit \(worker.status): \(worker.stderrText)")
            let package = try #require(try await fixture.status().packages.first)
            #expect(package.status == "FAILED" && package.error?.contains("deadhost") == true, "\(package.error ?? "")")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func anS3BufferReceivesTheTarStreamed(backend: TestBackend) async throws {
        try await RcloneS3Server.withRunning(buckets: ["raw-buffer"]) { s3 in
            try await backend.withEmptyDatabaseURL { url in
                var fixture = try PackagingFixture(
                    databaseURL: url, buffers: [],
                    extraBufferLines: "      - {name: s3-buffer, type: BUFFER, storage: s3, bucket: raw-buffer, prefix: site-a/, endpoint: \"\(s3.endpoint)\", priority: 5}")
                fixture.environment = ["AWS_ACCESS_KEY_ID": s3.accessKey, "AWS_SECRET_ACCESS_KEY": s3.secretKey, "AWS_REGION": "us-east-1"]
                // Larger than one 16 MiB part: a multipart upload.
                try fixture.writeRawFile("ou-3/pc-350/big.dat", size: 40_000_000)
                try fixture.writeRawFile("ou-3/pc-350/small.dat", size: 3)
                try await fixture.prepare()
                try await fixture.succeed(["register", "--location", "telescope", "--scan"])
                try await fixture.succeed(["manager", "--once"])
                // What a worker killed mid-upload leaves: an open multipart upload of the package's key.
                let name = try #require(try await fixture.status().packages.first?.name)
                let uploads = """
                    import sys, boto3
                    s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1")
                    if sys.argv[3] == "leave":
                        upload = s3.create_multipart_upload(Bucket="raw-buffer", Key=sys.argv[2])
                        s3.upload_part(Bucket="raw-buffer", Key=sys.argv[2], UploadId=upload["UploadId"], PartNumber=1, Body=b"x" * 1024)
                    print(len(s3.list_multipart_uploads(Bucket="raw-buffer", Prefix=sys.argv[2]).get("Uploads", [])))
                    """
                let key = "site-a/ccat/\(name).tar"
                var python = ProcessInfo.processInfo.environment
                python["AWS_ACCESS_KEY_ID"] = s3.accessKey
                python["AWS_SECRET_ACCESS_KEY"] = s3.secretKey
                let left = try await ProcessOutput.run(try PythonPeer.interpreter(), ["-c", uploads, s3.endpoint, key, "leave"], environment: python)
                #expect(left.stdoutText == "1\n", "\(left.stderrText)")
                let worker = try await fixture.succeed(["worker", "--until-idle", "--poll-interval", "0.05", "-v"])
                let after = try await ProcessOutput.run(try PythonPeer.interpreter(), ["-c", uploads, s3.endpoint, key, "count"], environment: python)
                #expect(after.stdoutText == "0\n", "the killed attempt's upload is aborted: \(after.stdoutText) \(after.stderrText)")
                #expect(!worker.stderrText.contains(s3.secretKey) && !worker.stdoutText.contains(s3.secretKey))
                let package = try #require(try await fixture.status().packages.first)
                #expect(package.status == "COMPLETED" && package.location == "s3-buffer")
                #expect(package.path == "ccat/\(package.name).tar")
                let stored = s3.root.path("raw-buffer/site-a/ccat/\(package.name).tar")
                let sum = try await ProcessOutput.run("/usr/bin/sha256sum", [stored])
                #expect(sum.stdoutText.hasPrefix(package.sha256 ?? "-"), "the object is the tar whose checksum was recorded")
                let listing = try await ProcessOutput.run("/usr/bin/tar", ["-tf", stored])
                #expect(listing.stdoutText == "ou-3/pc-350/big.dat\nou-3/pc-350/small.dat\n")
                try await fixture.succeed(["verify", package.name])
            }
        }
    }
}
