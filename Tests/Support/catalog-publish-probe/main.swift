import Catalog
import Foundation
import JSONValue

// catalog-publish-probe DIRECTORY COLLECTION OWNER COUNT [CONCURRENCY]
// Publishes items item-0 … item-(COUNT-1) (each with the href s3://bucket/<id>) into the static
// catalog in DIRECTORY, creating the collection first, CONCURRENCY (default 1) at a time, and prints
// "created <id>" or "present <id>" per item: several of these at once show whether each item is
// created exactly once and listed once.
let arguments = CommandLine.arguments
guard arguments.count == 5 || arguments.count == 6, let count = Int(arguments[4]),
      let concurrency = arguments.count == 6 ? Int(arguments[5]) : 1, concurrency > 0 else {
    FileHandle.standardError.write(Data("usage: catalog-publish-probe DIRECTORY COLLECTION OWNER COUNT [CONCURRENCY]\n".utf8))
    exit(2)
}
let (directory, collection, owner) = (arguments[1], arguments[2], arguments[3])
let catalog = StaticCatalog(directory: directory)
do {
    try await catalog.ensureCollection(STACCollectionSpec(id: collection, description: "probe", owner: owner))
    func publish(_ index: Int) async throws -> String {
        let id = "item-\(index)"
        // One day per item (item-0 on 2024-01-01): the collection's interval must end up covering them all.
        let day = "2024-01-01T00:00:00.000Z".replacingOccurrences(of: "-01T", with: String(format: "-%02dT", 1 + index % 28))
        let item = STACItem(id: id, collection: collection, properties: ["datetime": .string(day), "owner": .string(owner)],
                            assets: ["file": STACAsset(href: "s3://bucket/\(id)", extra: ["file:size": 1])])
        let outcome = try await catalog.publish(item)
        return "\(outcome == .created ? "created" : "present") \(id)"
    }
    try await withThrowingTaskGroup(of: String.self) { group in
        var next = 0
        while next < min(concurrency, count) { let index = next; group.addTask { try await publish(index) }; next += 1 }
        while let line = try await group.next() {
            print(line)
            if next < count { let index = next; group.addTask { try await publish(index) }; next += 1 }
        }
    }
} catch {
    FileHandle.standardError.write(Data("catalog-publish-probe: \(error)\n".utf8))
    exit(1)
}
