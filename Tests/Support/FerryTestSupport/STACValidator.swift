import Foundation

/// PyPI's stac-validator, run offline: the STAC 1.0.0 core and GeoJSON schemas come from the
/// files pystac 1.10 ships (`pystac/validation/jsonschemas`), mapped onto their public URLs with
/// stac-validator's schema map, so no schema is fetched from the network (CI machines, like the
/// one these tests were written on, may not reach schemas.stacspec.org or stac-extensions.github.io).
///
/// No PyPI package ships the file extension's schema; its URL is mapped to ``fileExtensionSchema``,
/// the extension's v2.1.0 field definitions for assets (`file:size`, `file:checksum`, …) written out
/// here. Any other extension URL is fetched and, offline, reported as a failure, never skipped.
public enum STACValidator {
    /// The files stac-validator rejects, with its message for each; empty when every file is valid.
    public static func invalidFiles(_ paths: [String]) async throws -> [String: String] {
        guard !paths.isEmpty else { return [:] }
        let directory = try TemporaryDirectory()
        let schema = directory.path("file-v2.1.0.json")
        try fileExtensionSchema.write(toFile: schema, atomically: true, encoding: .utf8)
        let extensionMap = try JSONSerialization.data(withJSONObject: [
            "https://stac-extensions.github.io/file/v2.1.0/schema.json": schema,
        ])
        let output = try await PythonPeer.run(script, arguments: [String(decoding: extensionMap, as: UTF8.self)] + paths)
        guard let failures = try JSONSerialization.jsonObject(with: output.stdout) as? [String: String] else {
            throw ProcessFailure(command: "stac-validator", output: output)
        }
        return failures
    }

    static let script = #"""
        import json, os, sys, warnings
        warnings.simplefilter("ignore", DeprecationWarning)
        import pystac.validation
        from stac_validator import stac_validator

        schemas = os.path.join(os.path.dirname(pystac.validation.__file__), "jsonschemas")
        base = "https://schemas.stacspec.org/v1.0.0/"
        schema_map = {}
        for spec in ("item", "catalog", "collection"):
            schema_map[f"{base}{spec}-spec/json-schema/{spec}.json"] = os.path.join(schemas, "stac-spec", "v1.0.0", spec + ".json")
        for part in ("basics", "datetime", "instrument", "licensing", "provider"):
            schema_map[f"{base}item-spec/json-schema/{part}.json"] = os.path.join(schemas, "stac-spec", "v1.0.0", part + ".json")
        for name in ("Feature", "Geometry"):
            schema_map[f"https://geojson.org/schema/{name}.json"] = os.path.join(schemas, "geojson", name + ".json")
        missing = [path for path in schema_map.values() if not os.path.exists(path)]
        if missing:
            sys.exit(f"pystac ships no {missing}: the test environment needs pystac 1.10")
        schema_map.update(json.loads(sys.argv[1]))

        failures = {}
        for path in sys.argv[2:]:
            validator = stac_validator.StacValidate(path, schema_map=schema_map)
            if not validator.run():
                failures[path] = json.dumps(validator.message)
        print(json.dumps(failures))
        """#

    /// The file extension v2.1.0's definitions of its fields where Ferry uses them (assets and
    /// links of items, catalogs and collections), and its rule that the extension be declared.
    static let fileExtensionSchema = #"""
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "type": "object",
          "required": ["stac_extensions"],
          "properties": {
            "stac_extensions": {
              "type": "array",
              "contains": {"const": "https://stac-extensions.github.io/file/v2.1.0/schema.json"}
            },
            "assets": {"type": "object", "additionalProperties": {"$ref": "#/definitions/fields"}},
            "links": {"type": "array", "items": {"$ref": "#/definitions/fields"}}
          },
          "definitions": {
            "fields": {
              "type": "object",
              "properties": {
                "file:byte_order": {"type": "string", "enum": ["big-endian", "little-endian"]},
                "file:checksum": {"type": "string", "pattern": "^[a-f0-9]+$"},
                "file:header_size": {"type": "integer", "minimum": 0},
                "file:size": {"type": "integer", "minimum": 0},
                "file:local_path": {"type": "string"}
              },
              "patternProperties": {"^(?!file:)": {}},
              "additionalProperties": false
            }
          }
        }
        """#
}
