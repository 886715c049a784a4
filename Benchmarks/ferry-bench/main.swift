// Measurement entry points for scripts/bench (not part of the ferry command; the ledger's are in
// Benchmarks/ledger-bench, a binary that links only Telemetry):
//   ferry-bench s3-put FILE BUCKET KEY      time S3ObjectStore.put; prints "<seconds> <etag>"
//                                           (credentials and endpoint from the AWS variables;
//                                           FERRY_S3_PART_MB and FERRY_S3_CONCURRENCY override the defaults)
//   ferry-bench cdf-write OUT DAYS none|gzip|gzip-zlib bulk|stream   (gzip: the fastest engine here)
//                                           write REACH-shaped days with CDFWriter (see CDFBench.swift);
//                                           prints "<seconds> <bytes>"
//   ferry-bench cdf-read FILE DAYS          read every variable a day of records at a time with CDFFile;
//                                           prints "<seconds> <bytes of values>"
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CDF
import Foundation
import ObjectStore
import ObjectStoreS3

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: ferry-bench s3-put FILE BUCKET KEY | cdf-write OUT DAYS ENGINE MODE | cdf-read FILE DAYS")
    exit(2)
}
switch arguments[1] {
case "cdf-write":
    guard arguments.count == 6, let days = Int(arguments[3]) else {
        print("usage: ferry-bench cdf-write OUT DAYS none|gzip|gzip-zlib bulk|stream")
        exit(2)
    }
    let engine: CDFDeflateEngine? = switch arguments[4] {
    case "gzip": .fastest
    case "gzip-zlib": .zlib
    default: nil
    }
    let result = try REACHShapedCDF.write(path: arguments[2], days: days, engine: engine,
                                         oneRecordPerCall: arguments[5] == "stream")
    print("\(result.seconds) \(result.bytes)")
case "cdf-read":
    guard arguments.count == 4, let days = Int(arguments[3]) else {
        print("usage: ferry-bench cdf-read FILE DAYS")
        exit(2)
    }
    let result = try REACHShapedCDF.read(path: arguments[2], days: days)
    print("\(result.seconds) \(result.bytes)")
case "s3-put":
    guard arguments.count == 5 else {
        print("usage: ferry-bench s3-put FILE BUCKET KEY")
        exit(2)
    }
    var configuration = try S3Configuration.fromEnvironment(bucket: arguments[3])
    let environment = ProcessInfo.processInfo.environment
    if let megabytes = environment["FERRY_S3_PART_MB"].flatMap(Int.init) { configuration.partSize = megabytes << 20 }
    if let parallel = environment["FERRY_S3_CONCURRENCY"].flatMap(Int.init) { configuration.concurrency = parallel }
    let store = S3ObjectStore(configuration: configuration)
    var start = timespec(), end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    let result: PutResult
    do {
        result = try await store.put(file: arguments[2], key: arguments[4], contentType: "application/octet-stream")
    } catch {
        FileHandle.standardError.write(Data("ferry-bench s3-put: \(error)\n".utf8))
        exit(1)
    }
    clock_gettime(CLOCK_MONOTONIC, &end)
    guard !result.skipped else {
        print("the object was already there: use a fresh key")
        exit(1)
    }
    print("\(Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9) \(result.object.etag ?? "-")")
default:
    print("unknown benchmark \(arguments[1])")
    exit(2)
}
