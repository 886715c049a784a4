/// Python run through `PythonPeer` (FERRY_PYTHON): reading CDFs with NASA's library (spacepy, validation on)
/// and cdflib, and generating specs whose 64-bit integers are exact (Python ints).
enum CDFWriterPeerScripts {
    /// `compare.py SPEC.json FILE.cdf`: reads FILE with both peers, compares every value, type, attribute,
    /// compression flag and checksum with SPEC, and prints {"problems": [...], "checked": N}.
    static let compare = #"""
        import json, sys, os, math, ctypes
        import numpy as np
        from spacepy import pycdf
        import cdflib
        # NASA's library checks every internal record on open when validation is on.
        pycdf.lib._library.CDFsetValidate(ctypes.c_long(pycdf.const.VALIDATEFILEon.value))
        assert pycdf.lib._library.CDFgetValidate() != 0
        spec = json.load(open(sys.argv[1]))
        path = sys.argv[2]
        problems = []
        checked = 0
        STRING = ("CDF_CHAR", "CDF_UCHAR")
        FLOAT32 = ("CDF_REAL4", "CDF_FLOAT")
        def canon(x, t):
            if isinstance(x, np.ndarray): x = x.tolist()
            if isinstance(x, (list, tuple)): return [canon(v, t) for v in x]
            if isinstance(x, complex): return [canon(x.real, t), canon(x.imag, t)]
            if isinstance(x, (np.generic,)): x = x.item()
            if isinstance(x, bytes): x = x.decode()
            if isinstance(x, str):
                if t in STRING: return x.rstrip(" \x00")
                return {"NaN": "NaN", "Infinity": "inf", "-Infinity": "-inf"}[x]
            if isinstance(x, bool): return int(x)
            if isinstance(x, int) and t not in FLOAT32 + ("CDF_REAL8", "CDF_DOUBLE", "CDF_EPOCH", "CDF_EPOCH16"): return x
            x = float(x)
            if math.isnan(x): return "NaN"
            if math.isinf(x): return "inf" if x > 0 else "-inf"
            if t in FLOAT32: return float(np.float32(x))
            return x
        def same(expected, actual):
            return expected == actual or [expected] == actual or expected == [actual]
        def check(where, expected, actual):
            global checked
            checked += 1
            if not same(expected, actual):
                e, a = json.dumps(expected), json.dumps(actual)
                problems.append(f"{where}: expected {e[:300]}, got {a[:300]}")
        def entries(attr):
            for i, e in enumerate(attr.get("entries", [])):
                yield e.get("num", i), e
        fmt = spec.get("format", {})
        with pycdf.CDF(path) as f:
            if fmt.get("checksum") == "md5":
                check("nasa checksum flag", True, f.checksum())
                status = pycdf.lib._library.CDFVerifyChecksum(f._handle)
                check("nasa CDFVerifyChecksum status", 0, status)
            comp = f.compress()
            check("nasa file compression", fmt.get("compression", "none") != "none", comp[0].value != 0)
            for a in spec.get("attributes", []):
                if a.get("scope", "global") != "global": continue
                ga = f.attrs[a["name"]]
                ga._raw = True
                for num, e in entries(a):
                    check(f"nasa global {a['name']}[{num}] type", e["type"], pycdf.const.__dict__ and [k for k, v in pycdf.const.__dict__.items() if k.startswith("CDF_") and hasattr(v, "value") and v.value == ga.type(num)][0])
                    check(f"nasa global {a['name']}[{num}]", canon(e["value"], e["type"]), canon(ga[num], e["type"]))
            for v in spec.get("variables", []):
                name, t = v["name"], v["type"]
                var = f[name]
                check(f"nasa {name} type", t, [k for k, c in pycdf.const.__dict__.items() if k.startswith("CDF_") and hasattr(c, "value") and c.value == var.type() and k != "CDF_TT2000"][0])
                check(f"nasa {name} rv", v.get("recVary", True), var.rv())
                c = var.compress()
                check(f"nasa {name} compression", v.get("compression", "none") != "none", c[0].value != 0)
                if v.get("pad") is not None:
                    raw_pad = f.raw_var(name).pad()
                    check(f"nasa {name} pad", canon(v["pad"], t), canon(raw_pad, t))
                data = f.raw_var(name)[...] if t in ("CDF_TIME_TT2000", "CDF_EPOCH", "CDF_EPOCH16") else var[...]
                expected = v["records"] if v.get("recVary", True) else v["records"][0]
                varys = v.get("dimVarys") or []
                if not all(varys) and t not in STRING:
                    # NASA's library presents every dimension: a non-varying one repeats its stored value.
                    dims = v["dims"]
                    stored = np.array(v["records"]).reshape([len(v["records"])] + [d if vy else 1 for d, vy in zip(dims, varys)])
                    full = np.broadcast_to(stored, [len(v["records"])] + dims).tolist()
                    expected = full if v.get("recVary", True) else full[0]
                check(f"nasa {name} records", canon(expected, t), canon(data, t))
                for an, av in v.get("attributes", {}).items():
                    got = var.attrs[an]
                    if av["type"] in ("CDF_TIME_TT2000", "CDF_EPOCH", "CDF_EPOCH16"):
                        got = f.raw_var(name).attrs[an]
                    check(f"nasa {name}.{an}", canon(av["value"], av["type"]), canon(got, av["type"]))
                    check(f"nasa {name}.{an} type", av["type"], [k for k, c in pycdf.const.__dict__.items() if k.startswith("CDF_") and k != "CDF_TT2000" and hasattr(c, "value") and c.value == var.attrs.type(an)][0])
        c = cdflib.CDF(path, validate=fmt.get("checksum") == "md5")
        info = c.cdf_info()
        check("cdflib file compression", fmt.get("compression", "none") != "none", bool(info.Compressed))
        for a in spec.get("attributes", []):
            if a.get("scope", "global") != "global": continue
            for num, e in entries(a):
                got = c.attget(a["name"], num)
                check(f"cdflib global {a['name']}[{num}] type", e["type"], got.Data_Type)
                check(f"cdflib global {a['name']}[{num}]", canon(e["value"], e["type"]), canon(got.Data, e["type"]))
        for v in spec.get("variables", []):
            name, t = v["name"], v["type"]
            vi = c.varinq(name)
            check(f"cdflib {name} type", t, vi.Data_Type_Description)
            if v.get("records"):
                data = c.varget(name)
                expected = v["records"] if v.get("recVary", True) else v["records"][0]
                check(f"cdflib {name} records", canon(expected, t), canon(data, t))
            for an, av in v.get("attributes", {}).items():
                got = c.attget(an, name)
                check(f"cdflib {name}.{an}", canon(av["value"], av["type"]), canon(got.Data, av["type"]))
                check(f"cdflib {name}.{an} type", av["type"], got.Data_Type)
        print(json.dumps({"problems": problems, "checked": checked}))
        """#

    /// `makespec.py ENCODING VARIABLE_COMPRESSION FILE_COMPRESSION CHECKSUM`: every type × 0–4 dimensions ×
    /// record-varying or not, pads, several typed global entries (sparse numbers), extreme integers, NaN/±Infinity.
    static let makeSpec = #"""
        import json, sys, itertools
        enc = sys.argv[1]; comp = sys.argv[2]; fcomp = sys.argv[3]; ck = sys.argv[4]
        types = {"CDF_INT1": lambda i: (i % 200) - 100, "CDF_INT2": lambda i: (i * 300) % 64000 - 32000, "CDF_INT4": lambda i: i * 70000 - 2**31 + 5,
                 "CDF_INT8": lambda i: -2**63 + 1 + i if i % 2 else 2**63 - 1 - i, "CDF_UINT1": lambda i: i % 256, "CDF_UINT2": lambda i: 65535 - i,
                 "CDF_UINT4": lambda i: 4294967295 - i, "CDF_REAL4": lambda i: i * 0.25 - 3, "CDF_REAL8": lambda i: i * 1e-300 if i % 3 else 1e300,
                 "CDF_FLOAT": lambda i: "NaN" if i == 3 else ("Infinity" if i == 4 else i / 8), "CDF_DOUBLE": lambda i: "-Infinity" if i == 2 else i * 1.5,
                 "CDF_BYTE": lambda i: -(i % 128), "CDF_CHAR": lambda i: f"s{i}", "CDF_UCHAR": lambda i: f"u{i}x",
                 "CDF_EPOCH": lambda i: 63681897600000.0 + i * 1000, "CDF_EPOCH16": lambda i: [63681897600.0 + i, 123456789012.0 + i],
                 "CDF_TIME_TT2000": lambda i: 536500869184000000 + i * 5000000000 if i % 5 else -9223372036854775808}
        shapes = [[], [3], [2, 3], [2, 1, 2], [2, 2, 1, 3]]
        variables = []
        counter = itertools.count()
        def nest(t, dims):
            if not dims: return types[t](next(counter))
            return [nest(t, dims[1:]) for _ in range(dims[0])]
        for t in types:
            for si, dims in enumerate(shapes):
                for rv in (True, False):
                    n = 7 if rv else 1
                    v = {"name": f"{t[4:].lower()}_{si}_{'rv' if rv else 'nrv'}", "kind": "z", "type": t,
                         "numElems": 6 if t in ("CDF_CHAR", "CDF_UCHAR") else 1, "dims": dims, "dimVarys": [True] * len(dims),
                         "recVary": rv, "maxRec": n - 1, "compression": comp, "blockingFactor": 2 if comp != "none" else 0,
                         "attributes": {"FIELDNAM": {"type": "CDF_CHAR", "value": t}, "VALIDMIN": {"type": t, "value": types[t](1) if t not in ("CDF_CHAR","CDF_UCHAR") else "a"}},
                         "records": [nest(t, dims) for _ in range(n)]}
                    if si == 1: v["pad"] = types[t](2)
                    variables.append(v)
        spec = {"format": {"version": "3.9.0", "encoding": enc, "majority": "row", "compression": fcomp, "checksum": ck},
                "attributes": [{"name": "Project", "scope": "global", "entries": [{"num": 0, "type": "CDF_CHAR", "value": "Ferry"}]},
                               {"name": "MIXED", "scope": "global", "entries": [{"num": 0, "type": "CDF_CHAR", "value": "text"}, {"num": 1, "type": "CDF_INT4", "value": [1, 2, 3]},
                                {"num": 3, "type": "CDF_DOUBLE", "value": 2.5}, {"num": 4, "type": "CDF_TIME_TT2000", "value": 9223372036854775807},
                                {"num": 5, "type": "CDF_INT8", "value": -9223372036854775808}, {"num": 6, "type": "CDF_REAL4", "value": [0.5, -1.25]}]},
                               {"name": "FIELDNAM", "scope": "variable", "entries": []}, {"name": "VALIDMIN", "scope": "variable", "entries": []}],
                "variables": variables}
        json.dump(spec, sys.stdout)
        """#
}
