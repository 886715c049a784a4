import AsyncHTTPClient
import Catalog
import FerryTestSupport
import Foundation
import JSONValue
import Testing

@Suite("The 'already published' search as sent")
struct PublishedFilterTests {
    @Test("the body POSTed to /search carries the seed's CQL2-JSON filter; a next link's body is followed and merged")
    func sentFilterIsTheSeeds() async throws {
        let owner = "pyteam", collectionName = "s1_aux"
        let ids = ["S1A_AUX_B.EOF", "S1A_AUX_A.EOF", "S1A_AUX_C.EOF", "S1A_AUX_A.EOF"]
        let seedFilter = try await Self.seedFilter(owner: owner, collection: collectionName, ids: ids)

        try await SearchRecorder.withRunning { recorder in
            let catalog = STACAPICatalog(baseURL: recorder.baseURL, httpClient: .shared)
            let found = try await catalog.publishedIDs(collection: "\(owner)_\(collectionName)", owner: owner, among: ids)
            #expect(found == ["S1A_AUX_A.EOF", "S1A_AUX_C.EOF"])

            let bodies = try recorder.bodies()
            try #require(bodies.count == 2, "a first page and the next link's page")
            #expect(Self.normalized(bodies[0]["filter"]) == Self.normalized(seedFilter))
            #expect(bodies[0]["filter-lang"] == "cql2-json")
            #expect(bodies[0]["collections"] == ["pyteam_s1_aux"])
            // The second request is the first merged with the link's body.
            var merged = bodies[0].objectValue ?? [:]
            merged["token"] = "next:page2"
            #expect(bodies[1] == .object(merged))
        }
    }

    @Test("PublishedFilter.cql2 is the seed's filter")
    func filterValue() async throws {
        let seed = try await Self.seedFilter(owner: "o", collection: "s2_chunk", ids: ["x", "y"])
        #expect(Self.normalized(PublishedFilter.cql2(collection: "o_s2_chunk", owner: "o", ids: ["y", "x"])) == Self.normalized(seed))
    }

    /// The filter as the seed's `filter_unpublished_files` builds it, by running its own lines.
    static func seedFilter(owner: String, collection: String, ids: [String]) async throws -> JSONValue {
        let output = try await PythonPeer.run(#"""
            import json, sys

            class StacClient:
                owner_id = sys.argv[1]

            stac_client = StacClient()
            collection_name = sys.argv[2]
            files_stac = [{"id": name} for name in json.loads(sys.argv[3])]

            # From here on, the seed (rs_workflows/staging.py, filter_unpublished_files) verbatim.
            ids = set()
            for fs in files_stac:
                ids.add(str(fs["id"]))
            ids = list(ids)  # type: ignore # set to list conversion

            # For searching, we need to prefix our collection name by <owner_id>_
            owner_collection = f"{stac_client.owner_id}_{collection_name}"

            # Search using a CQL2 filter, see: https://pystac-client.readthedocs.io/en/stable/tutorials/cql2-filter.html
            filter_ = {
                "op": "and",
                "args": [
                    {"op": "=", "args": [{"property": "collection"}, owner_collection]},
                    {"op": "=", "args": [{"property": "owner"}, stac_client.owner_id]},
                    {"op": "in", "args": [{"property": "id"}, ids]},
                ],
            }
            print(json.dumps(filter_))
            """#, arguments: [owner, collection, String(decoding: try JSONEncoder().encode(ids), as: UTF8.self)])
        return try JSONDecoder().decode(JSONValue.self, from: output.stdout)
    }

    /// The filter with the `in` list sorted: the seed's list comes from a Python set, in no set order.
    static func normalized(_ filter: JSONValue?) -> JSONValue? {
        guard case .object(var members)? = filter else { return filter }
        if members["op"] == "in", case .array(var args)? = members["args"], args.count == 2, case .array(let list) = args[1] {
            args[1] = .array(list.sorted { ($0.stringValue ?? "") < ($1.stringValue ?? "") })
            members["args"] = .array(args)
        } else if case .array(let args)? = members["args"] {
            members["args"] = .array(args.map { normalized($0) ?? .null })
        }
        return .object(members)
    }
}

/// A loopback HTTP server (Python's http.server) that records every POST /search body and answers
/// two pages: the first with a `next` link carrying a body to merge, the second without.
struct SearchRecorder {
    let baseURL: String
    let log: String

    func bodies() throws -> [JSONValue] {
        let text = try String(contentsOfFile: log, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
    }

    static func withRunning<T>(isolation: isolated (any Actor)? = #isolation, _ body: (SearchRecorder) async throws -> T) async throws -> T {
        let directory = try TemporaryDirectory()
        let port = try FreePort.find()
        let script = directory.path("recorder.py")
        try #"""
            import json, sys
            from http.server import BaseHTTPRequestHandler, HTTPServer

            port, log = int(sys.argv[1]), sys.argv[2]

            class Handler(BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers["Content-Length"]))
                    request = json.loads(body)
                    with open(log, "a") as out:
                        out.write(json.dumps(request) + "\n")
                    if "token" not in request:
                        answer = {"type": "FeatureCollection", "features": [{"type": "Feature", "id": "S1A_AUX_A.EOF"}],
                                  "links": [{"rel": "next", "href": f"http://127.0.0.1:{port}/search", "method": "POST",
                                             "body": {"token": "next:page2"}, "merge": True}]}
                    else:
                        answer = {"type": "FeatureCollection", "features": [{"type": "Feature", "id": "S1A_AUX_C.EOF"}], "links": []}
                    data = json.dumps(answer).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/geo+json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)

                def log_message(self, *args):
                    pass

            HTTPServer(("127.0.0.1", port), Handler).serve_forever()
            """#.write(toFile: script, atomically: true, encoding: .utf8)
        let log = directory.path("bodies.jsonl")
        FileManager.default.createFile(atPath: log, contents: nil)
        let child = try ChildProcess(try PythonPeer.interpreter(), [script, String(port), log], outputPrefix: directory.path("recorder"))
        let recorder = SearchRecorder(baseURL: "http://127.0.0.1:\(port)", log: log)
        do {
            try await FreePort.waitUntilListening(port: port, timeout: 30)
            let result = try await body(recorder)
            child.kill()
            _ = await child.wait()
            return result
        } catch {
            child.kill()
            _ = await child.wait()
            throw error
        }
    }
}
