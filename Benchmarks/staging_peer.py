"""The staging peer (issue 12): seed 004's flow as a Python operator writes it with the usual
libraries, for scripts/bench.d/stage.sh.

Search the AUXIP station (OData, $top/$skip paging), then with `--workers` threads (the seed's
max_workers) per file: `requests` streams the product into a temporary file (the seed's
tmp_download_path), its MD5 is checked, boto3's `upload_file` sends it to S3 (multipart above its
threshold, as the seed's rs-server does), the temporary file is removed, and the STAC item is
published the seed's way (`update_stac_catalog`): POSTed to a STAC API, or, for the static-catalog
comparison, written as an item file beside a collection.json.

Prints one JSON line: files, bytes, seconds.
"""

import argparse
import concurrent.futures
import datetime
import hashlib
import json
import os
import tempfile
import threading
import time

import boto3
import requests

WORLD = {"type": "Polygon", "coordinates": [[[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]]]}


def search(session, base, start, stop):
    files, skip = [], 0
    while True:
        answer = session.get(f"{base}/Products", params={
            "$filter": f"PublicationDate ge {start} and PublicationDate lt {stop}",
            "$orderby": "PublicationDate asc", "$top": 1000, "$skip": skip}, timeout=60)
        answer.raise_for_status()
        page = answer.json()["value"]
        files += page
        if len(page) < 1000:
            return files
        skip += len(page)


def item_for(product, href, size, md5, collection):
    properties = {
        "created": product["PublicationDate"],
        "datetime": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "adgs:id": product["Id"],
        "owner": "bench",
    }
    return {
        "type": "Feature", "stac_version": "1.0.0",
        "stac_extensions": ["https://stac-extensions.github.io/file/v2.1.0/schema.json"],
        "id": product["Name"], "collection": collection, "geometry": WORLD, "bbox": [-180, -90, 180, 90],
        "properties": properties, "links": [],
        "assets": {"file": {"href": href, "file:size": size, "file:checksum": "d510" + md5}},
    }


def stage(product, args, s3, local):
    session = local.session
    name = product["Name"]
    with tempfile.NamedTemporaryFile(dir=args.tmp, delete=False) as tmp:
        digest = hashlib.md5()
        size = 0
        with session.get(f"{args.station}/Products({product['Id']})/$value", stream=True, timeout=60) as answer:
            answer.raise_for_status()
            for chunk in answer.iter_content(1 << 20):
                tmp.write(chunk)
                digest.update(chunk)
                size += len(chunk)
    try:
        expected = next((c["Value"].lower() for c in product.get("Checksum", []) if c.get("Algorithm") == "MD5"), None)
        if expected and expected != digest.hexdigest():
            raise RuntimeError(f"{name}: MD5 mismatch")
        key = f"{args.prefix}/{name}"
        s3.upload_file(tmp.name, args.bucket, key)
    finally:
        os.unlink(tmp.name)
    item = item_for(product, f"s3://{args.bucket}/{key}", size, digest.hexdigest(), args.collection)
    if args.stac_api:
        # pgstac sometimes answers 500 to concurrent inserts into a new partition: the seed's task
        # would be retried (max_retries), so the peer retries too.
        for attempt in range(4):
            answer = session.post(f"{args.stac_api}/collections/{args.collection}/items", json=item, timeout=60)
            if answer.status_code in (200, 201) or answer.status_code < 500:
                break
            time.sleep(0.5 * 2 ** attempt)
        if answer.status_code not in (200, 201):
            raise RuntimeError(f"{name}: publish answered {answer.status_code}: {answer.text[:200]}")
    else:
        directory = os.path.join(args.catalog, args.collection, name)
        os.makedirs(directory, exist_ok=True)
        path = os.path.join(directory, name + ".json")
        with open(path + ".tmp", "w") as out:
            json.dump(item, out)
        os.replace(path + ".tmp", path)
    return size


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--station", required=True)
    parser.add_argument("--start", required=True)
    parser.add_argument("--stop", required=True)
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--prefix", default="peer")
    parser.add_argument("--collection", default="bench_s1_aux")
    parser.add_argument("--catalog", help="a directory: items written as files")
    parser.add_argument("--stac-api", help="a STAC API root: items POSTed")
    parser.add_argument("--tmp", default=tempfile.gettempdir())
    parser.add_argument("--workers", type=int, default=5)
    args = parser.parse_args()

    started = time.monotonic()
    products = search(requests.Session(), args.station, args.start, args.stop)
    s3 = boto3.client("s3")  # endpoint, keys and region from the AWS_* environment
    if args.stac_api:
        answer = requests.post(f"{args.stac_api}/collections", json={
            "type": "Collection", "stac_version": "1.0.0", "id": args.collection, "description": "bench", "license": "other",
            "extent": {"spatial": {"bbox": [[-180, -90, 180, 90]]}, "temporal": {"interval": [[None, None]]}},
            "links": [], "owner": "bench"}, timeout=60)
        if answer.status_code not in (200, 201, 409):
            raise RuntimeError(f"collection: {answer.status_code} {answer.text[:200]}")
    local = threading.local()

    def run(product):
        if not hasattr(local, "session"):
            local.session = requests.Session()
        return stage(product, args, s3, local)

    with concurrent.futures.ThreadPoolExecutor(args.workers) as pool:
        sizes = list(pool.map(run, products))
    print(json.dumps({"files": len(sizes), "bytes": sum(sizes), "seconds": time.monotonic() - started}))


if __name__ == "__main__":
    main()
