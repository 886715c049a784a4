/// Python scripts that make CDF files with NASA's library (spacepy) and cdflib and say what those
/// libraries read, shared by the CDF library's tests and the `ferry cdf` command tests.
public enum CDFPeerScripts {
    /// Writes the fixtures into the directory given as the first argument ("small" as the second
    /// makes short variables).
    public static let generator = """
        import os, sys, ctypes
        import numpy as np
        from spacepy import pycdf
        import cdflib
        from cdflib.cdfwrite import CDF as CdflibWriter
        const = pycdf.const
        pycdf.lib.set_backward(False)
        out = sys.argv[1]
        small = len(sys.argv) > 2 and sys.argv[2] == "small"
        N = 12 if small else 100

        def put_record(var, rec, array):
            # Writes one record through the C API (spacepy only appends contiguous records).
            array = np.ascontiguousarray(array)
            n = max(array.ndim, 1)
            dims = list(array.shape) or [1]
            L = ctypes.c_long
            var._call(const.SELECT_, const.zVAR_RECNUMBER_, L(rec), const.SELECT_, const.zVAR_RECCOUNT_, L(1),
                      const.SELECT_, const.zVAR_RECINTERVAL_, L(1),
                      const.SELECT_, const.zVAR_DIMINDICES_, (L * n)(*([0] * n)),
                      const.SELECT_, const.zVAR_DIMCOUNTS_, (L * n)(*dims),
                      const.SELECT_, const.zVAR_DIMINTERVALS_, (L * n)(*([1] * n)),
                      const.PUT_, const.zVAR_HYPERDATA_, array.ctypes.data_as(ctypes.c_void_p))

        def nasa_common(f, n=100):
            f.attrs["Project"] = "Ferry interop"
            f.attrs["MODS"] = ["first", "second"]
            f.attrs.new("Numbers", data=[1, 2, 3], type=const.CDF_INT4)
            f.attrs["Numbers"].new(data=[1.5, -2.25], type=const.CDF_DOUBLE, number=1)
            f.attrs["Numbers"].new(data=[-9223372036854775807, 9223372036854775807], type=const.CDF_INT8, number=4)
            f.attrs.new("Sparse_entries")
            f.attrs["Sparse_entries"].new(data=7, type=const.CDF_UINT2, number=3)
            tt = np.arange(n, dtype=np.int64) * 5_000_000_000 + 800_000_000_000_000_000
            f.new("Epoch", data=tt, type=const.CDF_TIME_TT2000)
            dose = (np.arange(n * 6, dtype=np.float32) * np.float32(0.1)).reshape(n, 3, 2)
            dose[1, 0, 0] = np.nan; dose[2, 1, 1] = np.inf; dose[3, 2, 0] = -np.inf
            f.new("dose_rate", data=dose, type=const.CDF_REAL4)
            f["dose_rate"].attrs["UNITS"] = "rad/s"
            f["dose_rate"].attrs.new("FILLVAL", data=-1e31, type=const.CDF_REAL4)
            f["dose_rate"].attrs.new("VALIDMAX", data=[1.0, 2.0], type=const.CDF_REAL4)
            f["Epoch"].attrs.new("FILLVAL", data=-9223372036854775808, type=const.CDF_TIME_TT2000)
            f.new("big", data=np.array(([np.iinfo(np.int64).min + 1, np.iinfo(np.int64).max, 0, -1] * n)[:n], dtype=np.int64), type=const.CDF_INT8)
            f.new("u4", data=(np.arange(n * 2, dtype=np.uint32) * 40000000).reshape(n, 2), type=const.CDF_UINT4)
            f.new("u1", data=np.arange(n, dtype=np.uint8), type=const.CDF_UINT1)
            f.new("i2", data=np.array([-32768, 32767, 1], dtype=np.int16), type=const.CDF_INT2, recVary=False)
            f.new("b", data=np.arange(n, dtype=np.int8) - 50, type=const.CDF_BYTE)
            f.new("dbl", data=np.linspace(-1e300, 1e300, n), type=const.CDF_DOUBLE)
            f.new("ep", data=np.arange(n, dtype=np.float64) * 1000.0 + 63_000_000_000_000.0, type=const.CDF_EPOCH)
            e16 = np.zeros((n, 2)); e16[:, 0] = 63_000_000_000.0 + np.arange(n); e16[:, 1] = np.arange(n) * 1000.0
            f.new("ep16", type=const.CDF_EPOCH16)
            f.raw_var("ep16")[...] = e16
            f.new("label", data=np.array([["ab%04d" % (i * 2 + j) for j in range(2)] for i in range(n)]), type=const.CDF_CHAR)
            f.new("names", data=np.array(["alpha", "be", "gammadelta"]), type=const.CDF_UCHAR, recVary=False)
            f.new("cube", data=np.arange(n * 24, dtype=np.int16).reshape(n, 2, 3, 4), type=const.CDF_INT2)
            # A dimension that does not vary: one stored value per row, which NASA's library repeats.
            f.new("half", type=const.CDF_INT4, dims=[2, 3], dimVarys=[True, False])
            f["half"][...] = np.repeat((np.arange(n * 2, dtype=np.int32) * 5).reshape(n, 2, 1), 3, axis=2)
            f.new("i1pad", type=const.CDF_INT1, dims=[2])
            f["i1pad"].pad(5)
            put_record(f["i1pad"], 0, np.array([1, 2], dtype=np.int8))
            put_record(f["i1pad"], 3, np.array([3, 4], dtype=np.int8))

        def nasa(path, setup):
            if os.path.exists(path): os.remove(path)
            f = pycdf.CDF(path, "")
            setup(f)
            nasa_common(f, N)
            f.close()

        def plain(f): pass
        def compressed_vars(f):
            f.new("zipped", type=const.CDF_REAL8, dims=[4], compress=const.GZIP_COMPRESSION, compress_param=6)
            f["zipped"][...] = np.arange(N * 30 * 4, dtype=np.float64).reshape(N * 30, 4) / 7
            f.new("zipped_int", type=const.CDF_INT4, compress=const.GZIP_COMPRESSION, compress_param=9)
            f["zipped_int"][...] = np.arange(N * 200, dtype=np.int32) * 3
            f.new("prev_sparse", type=const.CDF_INT4)
            f["prev_sparse"].sparse(const.PREV_SPARSERECORDS)
            for rec in (2, 5, 6, 9):
                put_record(f["prev_sparse"], rec, np.array(rec * 10, dtype=np.int32))
            f.new("pad_sparse", type=const.CDF_REAL4)
            f["pad_sparse"].sparse(const.PAD_SPARSERECORDS)
            f["pad_sparse"].pad(-5.5)
            put_record(f["pad_sparse"], 1, np.array(1.0, dtype=np.float32))
            put_record(f["pad_sparse"], 4, np.array(4.0, dtype=np.float32))
            # Isolated records: one VVR each, more than one VXR holds.
            f.new("scattered", type=const.CDF_INT8)
            f["scattered"].sparse(const.PAD_SPARSERECORDS)
            for rec in range(0, N * 9, 3):
                put_record(f["scattered"], rec, np.array(rec * 1000, dtype=np.int64))
        def whole_file(f):
            f.compress(const.GZIP_COMPRESSION, 6)
            f.checksum(True)
        def network_column(f):
            f._call(const.PUT_, const.CDF_ENCODING_, const.NETWORK_ENCODING)
            f.col_major(True)
            f.checksum(True)
        def many_records(f):
            # Single-record writes grow a deep VXR tree; preallocation leaves records past MaxRec.
            f.new("one_by_one", type=const.CDF_INT4, dims=[2])
            v = f["one_by_one"]
            for i in range(N * 15):
                put_record(v, i, np.array([i, -i], dtype=np.int32))
            f.new("prealloc", type=const.CDF_REAL8)
            f["prealloc"]._call(const.PUT_, const.zVAR_ALLOCATERECS_, ctypes.c_long(50))
            f["prealloc"][0:10] = np.arange(10.0)
            f.new("nrv_rvar_like", type=const.CDF_INT4, recVary=False, dims=[3])
            f["nrv_rvar_like"][...] = [7, 8, 9]

        def nasa_v2(path, compress):
            # Version 2.7 (backward-compatible mode): 4-byte offsets, 64-byte names, no INT8/TT2000.
            pycdf.lib.set_backward(True)
            if os.path.exists(path): os.remove(path)
            f = pycdf.CDF(path, "")
            if compress: f.compress(const.GZIP_COMPRESSION, 6)
            f.attrs["Project"] = "v2.7 file"
            f.attrs.new("Numbers", data=[1, 2, 3], type=const.CDF_INT2)
            f.new("Epoch", data=np.arange(N, dtype=np.float64) * 1000.0 + 63_000_000_000_000.0, type=const.CDF_EPOCH)
            f.new("flux", data=(np.arange(N * 6, dtype=np.float32) / 4).reshape(N, 3, 2), type=const.CDF_REAL4)
            f["flux"].attrs["UNITS"] = "counts"
            f.new("label", data=np.array(["r%03d" % i for i in range(N)]), type=const.CDF_CHAR)
            f.new("zipped", type=const.CDF_INT4, dims=[2], compress=const.GZIP_COMPRESSION, compress_param=6)
            f["zipped"][...] = np.arange(N * 40, dtype=np.int32).reshape(N * 20, 2)
            f.close()
            pycdf.lib.set_backward(False)

        nasa_v2(os.path.join(out, "nasa_v2.cdf"), False)
        nasa_v2(os.path.join(out, "nasa_v2_whole_file.cdf"), True)
        nasa(os.path.join(out, "nasa_plain.cdf"), plain)
        nasa(os.path.join(out, "nasa_compressed_vars.cdf"), compressed_vars)
        nasa(os.path.join(out, "nasa_whole_file_md5.cdf"), whole_file)
        nasa(os.path.join(out, "nasa_network_column.cdf"), network_column)
        nasa(os.path.join(out, "nasa_many_records.cdf"), many_records)

        def cdflib_file(path, spec):
            if os.path.exists(path): os.remove(path)
            w = CdflibWriter(path, cdf_spec=spec)
            w.write_globalattrs({"Project": {0: "cdflib interop"}, "Numbers": {0: [1, 2, 3], 2: [2.5, "CDF_REAL4"]},
                                 "Big": {0: [[-9223372036854775807, 9223372036854775807], "CDF_INT8"]}})
            n = N * 3
            def var(name, dtype, data, dims=(), rec=True, extra=None, attrs=None, numelems=1):
                vs = {"Variable": name, "Data_Type": dtype, "Num_Elements": numelems, "Rec_Vary": rec, "Dim_Sizes": list(dims)}
                vs.update(extra or {})
                w.write_var(vs, var_attrs=attrs or {}, var_data=data)
            var("Epoch", 33, np.arange(n, dtype=np.int64) * 10**9 + 700_000_000_000_000_000,
                attrs={"FILLVAL": [-9223372036854775808, "CDF_TIME_TT2000"], "UNITS": "ns"})
            var("flux", 21, (np.arange(n * 6, dtype=np.float32) / 3).reshape(n, 2, 3), dims=(2, 3),
                attrs={"VALIDMIN": [0.0, "CDF_REAL4"], "LABLAXIS": "flux"})
            var("zipped", 45, np.arange(n * 4, dtype=np.float64).reshape(n, 4) * 1.25, dims=(4,),
                extra={"Compress": 6, "Block_Factor": 40})
            var("counts", 14, np.arange(n, dtype=np.uint32) * 1000, extra={"Compress": 9})
            var("label", 51, ["rec%04d" % i for i in range(n)], numelems=7)
            var("constant", 2, np.array([[1, 2, 3], [4, 5, 6]], dtype=np.int16), dims=(2, 3), rec=False)
            var("sparse_prev", 4, [[1, 4, 5], np.array([10, 40, 50], dtype=np.int32)], extra={"Sparse": "prev_sparse"})
            var("sparse_pad", 45, [[0, 3], np.array([1.5, 3.5])], extra={"Sparse": "pad_sparse", "Pad": np.array([-7.0])})
            if not small and not spec.get("Compressed"):
                # 25 blocks of 64 KiB: cdflib links more than 3 VXRs and builds a second index level.
                var("tree", 45, np.arange(200_000, dtype=np.float64) / 3, extra={"Compress": 1})
            if spec.get("rDim_sizes"):
                w.write_var({"Variable": "rvar", "Data_Type": 4, "Num_Elements": 1, "Rec_Vary": True, "Var_Type": "rVariable",
                             "Dim_Vary": [True, True]}, var_attrs={"UNITS": "r units"},
                            var_data=np.arange(10 * 6, dtype=np.int32).reshape(10, 2, 3))
                w.write_var({"Variable": "rhalf", "Data_Type": 8, "Num_Elements": 1, "Rec_Vary": True, "Var_Type": "rVariable",
                             "Dim_Vary": [True, False]}, var_data=np.arange(5 * 2, dtype=np.int64).reshape(5, 2) * 7)
            w.close()

        cdflib_file(os.path.join(out, "cdflib_row.cdf"), {"Majority": "row_major", "rDim_sizes": [2, 3]})
        cdflib_file(os.path.join(out, "cdflib_column_big_md5.cdf"), {"Majority": "column_major", "Encoding": 1, "Checksum": True, "rDim_sizes": [2, 3]})
        cdflib_file(os.path.join(out, "cdflib_whole_file.cdf"), {"Majority": "row_major", "Compressed": 6, "Checksum": True})
        """

    public static let describer = """
        import json, sys, math, os
        os.environ["CDF_VALIDATE"] = "yes"
        import numpy as np
        from spacepy import pycdf
        import cdflib

        def text(x):
            # One value as canonical text: integers exactly, floats by repr, strings as they are.
            if isinstance(x, (bytes, np.bytes_)): return x.decode("utf-8", "replace").rstrip(chr(0) + " ")
            if isinstance(x, (str, np.str_)): return str(x).rstrip(chr(0) + " ")
            if isinstance(x, (complex, np.complexfloating)): return [repr(float(x.real)), repr(float(x.imag))]
            if isinstance(x, (bool, np.bool_)): return str(bool(x))
            if isinstance(x, (int, np.integer)): return str(int(x))
            return repr(float(x))

        def flat(v):
            a = np.asarray(v)
            out = []
            for x in a.ravel().tolist() if a.dtype.kind != "c" else a.ravel():
                t = text(x)
                out.extend(t if isinstance(t, list) else [t])
            return out

        result = {"nasa": {"globals": {}, "vars": {}}, "cdflib": {"vars": {}}}
        with pycdf.CDF(sys.argv[1]) as f:
            result["nasa"]["checksum"] = f.checksum()
            result["nasa"]["majority"] = "column" if f.col_major() else "row"
            result["nasa"]["compression"] = str(f.compress()[0].value)
            for name in f.attrs:
                attr = f.attrs[name]
                attr._raw = True
                result["nasa"]["globals"][name] = [[i, attr.type(i), flat(attr[i])] for i in range(attr.max_idx() + 1) if attr.has_entry(i)]
            for name in f:
                var = f.raw_var(name)
                comp = var.compress()
                result["nasa"]["vars"][name] = {
                    "type": var.type(), "numElems": var.nelems(), "dims": [int(d) for d in var._dim_sizes()],
                    "dimVarys": [bool(d) for d in var.dv()], "recVary": bool(var.rv()), "records": len(var),
                    "compression": int(comp[0].value), "sparse": int(var.sparse().value),
                    "values": flat(var[...]) if len(var) else [],
                    "pad": flat(var.pad()) if var.pad() is not None else None,
                    "attrs": {k: [var.attrs.type(k), flat(var.attrs[k])] for k in var.attrs}}
        c = cdflib.CDF(sys.argv[1])
        info = c.cdf_info()
        for name in list(info.zVariables) + list(info.rVariables):
            vi = c.varinq(name)
            data = c.varget(name)
            result["cdflib"]["vars"][name] = {"type": vi.Data_Type, "dims": [int(d) for d in vi.Dim_Sizes],
                                              "kind": "r" if name in info.rVariables else "z",
                                              "values": flat(data) if data is not None else []}
        print(json.dumps(result))
        """

    /// Compares a `ferry cdf dump --json` document (second argument) field by field with what NASA's
    /// library reads from the CDF (first argument); prints a JSON list of the differences.
    public static let dumpChecker = """
        import json, sys, math, os
        os.environ["CDF_VALIDATE"] = "yes"
        import numpy as np
        from spacepy import pycdf
        const = pycdf.const
        names = {1: "CDF_INT1", 2: "CDF_INT2", 4: "CDF_INT4", 8: "CDF_INT8", 11: "CDF_UINT1", 12: "CDF_UINT2",
                 14: "CDF_UINT4", 21: "CDF_REAL4", 22: "CDF_REAL8", 31: "CDF_EPOCH", 32: "CDF_EPOCH16",
                 33: "CDF_TIME_TT2000", 41: "CDF_BYTE", 44: "CDF_FLOAT", 45: "CDF_DOUBLE", 51: "CDF_CHAR", 52: "CDF_UCHAR"}
        special = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
        problems = []

        def conv(x):
            if isinstance(x, list): return [conv(i) for i in x]
            return special.get(x, x) if isinstance(x, str) else x

        def same(label, got, expected, type_code):
            # got: the dump's JSON value; expected: what NASA's library read.
            if type_code in (51, 52):
                e = np.asarray(expected)
                g = np.asarray(got)
                strip = lambda s: (s.decode() if isinstance(s, bytes) else str(s)).rstrip(chr(0) + " ")
                ok = e.shape == g.shape and all(strip(a) == strip(b) for a, b in zip(g.ravel(), e.ravel()))
            else:
                e = np.asarray(expected)
                if e.dtype.kind == "c": e = np.stack([e.real, e.imag], axis=-1)
                if type_code in (21, 44): e = e.astype(np.float32)  # spacepy widens some REAL4 values to float
                try:
                    g = np.asarray(conv(got), dtype=e.dtype if e.dtype.kind in "iuf" else None)
                except (OverflowError, ValueError) as err:
                    problems.append(f"{label}: {err}"); return
                g = g.reshape(e.shape) if g.size == e.size else g
                ok = g.shape == e.shape and (np.array_equal(g, e, equal_nan=True) if e.dtype.kind == "f" else np.array_equal(g, e))
            if not ok:
                problems.append(f"{label}: dump {str(got)[:200]} != NASA {str(np.asarray(expected).tolist())[:200]}")

        def check(label, got, expected):
            if got != expected: problems.append(f"{label}: dump {got!r} != NASA {expected!r}")

        doc = json.load(open(sys.argv[2]))
        with pycdf.CDF(sys.argv[1]) as f:
            fmt = doc["format"]
            check("version", fmt["version"], ".".join(str(v) for v in f.version()))
            check("majority", fmt["majority"], "column" if f.col_major() else "row")
            check("checksum", fmt["checksum"], "md5" if f.checksum() else "none")
            check("compression", fmt["compression"], "gzip" if f.compress()[0].value == 5 else "none")
            enc = ctypes_long = None
            import ctypes
            enc = ctypes.c_long(0)
            f._call(const.GET_, const.CDF_ENCODING_, ctypes.byref(enc))
            check("encoding", fmt["encoding"], {1: "NETWORK", 6: "IBMPC"}.get(enc.value, str(enc.value)))
            globals_ = {a["name"]: a for a in doc["attributes"] if a["scope"] == "global"}
            check("global names", sorted(globals_), sorted(f.attrs.keys()))
            for name in f.attrs:
                attr = f.attrs[name]
                attr._raw = True
                expected = [i for i in range(attr.max_idx() + 1) if attr.has_entry(i)]
                entries = globals_.get(name, {"entries": []})["entries"]
                check(f"{name} entry numbers", [e["num"] for e in entries], expected)
                for e in entries:
                    if not attr.has_entry(e["num"]): continue
                    check(f"{name}[{e['num']}] type", e["type"], names[attr.type(e["num"])])
                    same(f"{name}[{e['num']}]", e["value"], attr[e["num"]], attr.type(e["num"]))
            variables = {v["name"]: v for v in doc["variables"]}
            check("variable names", sorted(variables), sorted(f.keys()))
            for name in f:
                var = f.raw_var(name)
                v = variables.get(name)
                if v is None: continue
                t = var.type()
                check(f"{name} type", v["type"], names[t])
                check(f"{name} numElems", v["numElems"], var.nelems())
                stored = [d for d, vary in zip(v["dims"], v["dimVarys"]) if vary]
                check(f"{name} dims", stored if v["kind"] == "r" else v["dims"], [int(d) for d in var._dim_sizes()])
                if v["kind"] == "z": check(f"{name} dimVarys", v["dimVarys"], [bool(d) for d in var.dv()])
                check(f"{name} recVary", v["recVary"], bool(var.rv()))
                check(f"{name} maxRec", v["maxRec"], len(var) - 1)
                check(f"{name} compression", v["compression"], "gzip" if var.compress()[0].value == 5 else "none")
                if v["pad"] is not None: same(f"{name} pad", v["pad"], var.pad(), t)
                check(f"{name} attribute names", sorted(v["attributes"]), sorted(var.attrs.keys()))
                for k in var.attrs:
                    if k not in v["attributes"]: continue
                    check(f"{name}.{k} type", v["attributes"][k]["type"], names[var.attrs.type(k)])
                    same(f"{name}.{k}", v["attributes"][k]["value"], var.attrs[k], var.attrs.type(k))
                records = v["records"]
                values = var[...] if len(var) else None
                if v["kind"] == "z" and not all(v["dimVarys"]) and values is not None:
                    # NASA repeats a non-varying dimension's value; the dump holds it once.
                    values = np.asarray(values)
                    first = 1 if var.rv() else 0
                    for axis in reversed([first + i for i, vary in enumerate(v["dimVarys"]) if not vary]):
                        values = np.take(values, 0, axis=axis)
                if len(var) == 0:
                    check(f"{name} records", records, [])
                elif var.rv():
                    same(f"{name} records", records, values, t)
                else:
                    check(f"{name} record count", len(records), 1)
                    same(f"{name} record", records[0], values, t)
        print(json.dumps(problems))
        """
}
