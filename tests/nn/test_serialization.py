"""gradarray.save / gradarray.load: round trips of arrays of every dtype and of nested
containers, state dicts, sharing, atomic writes, safetensors compatibility, and clear errors
for truncated or foreign files; on every backend."""

from __future__ import annotations

import json
import math
import os
import struct
from collections import OrderedDict

import pytest

import gradarray as xp
from gradarray import nn
from gradarray.serialization import SerializationError

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float32", "float64", "complex64", "complex128"]


def _sample(name):
    dt = getattr(xp, name)
    if name == "bool":
        return xp.asarray([[True, False, True]], dtype=dt)
    if name.startswith("complex"):
        return xp.asarray([[1 + 2j, -0.5j, 3.0]], dtype=dt)
    if name.startswith("uint"):
        return xp.asarray([[0, 7, 200]], dtype=dt)
    if name.startswith("int"):
        return xp.asarray([[-3, 0, 100]], dtype=dt)
    return xp.asarray([[1.5, -math.inf, math.nan]], dtype=dt)


@pytest.mark.parametrize("name", DTYPES)
def test_save_load_round_trips_every_dtype(backend, tmp_path, name):
    a = _sample(name)
    path = tmp_path / "a.safetensors"
    xp.save(a, path)
    b = xp.load(path)
    assert b.dtype == a.dtype and b.shape == a.shape and b.device == a.device
    assert [str(v) for v in b.tolist()[0]] == [str(v) for v in a.tolist()[0]]


def test_save_load_nested_structure(backend, tmp_path):
    obj = {"w": xp.ones((2, 3)), "meta": {"epoch": 3, "lr": 0.1, "name": "run", "none": None,
                                          "flag": True, "big": 2 ** 70, "inf": math.inf},
           7: [xp.zeros(0), (1, 2.5, xp.asarray(4))], (1, "a"): xp.float32,
           "od": OrderedDict([("b", 1), ("a", 2)])}
    path = tmp_path / "tree.safetensors"
    xp.save(obj, path)
    got = xp.load(path)
    assert got["meta"] == obj["meta"]
    assert got[7][0].shape == (0,) and got[7][1][:2] == (1, 2.5) and got[7][1][2].item() == 4
    assert got[(1, "a")] is xp.float32
    assert isinstance(got["od"], OrderedDict) and list(got["od"]) == ["b", "a"]
    assert xp.all(got["w"] == 1).item()


def test_save_keeps_shared_arrays_shared_and_requires_grad(backend, tmp_path):
    w = xp.ones(3, requires_grad=True)
    path = tmp_path / "s.safetensors"
    xp.save({"a": w, "b": w, "c": w.detach()}, path)
    got = xp.load(path)
    assert got["a"] is got["b"] and got["a"].requires_grad
    assert not got["c"].requires_grad
    header = _header(path)
    assert sum(1 for k in header if k != "__metadata__") == 2


def test_state_dict_round_trip_restores_the_model(backend, tmp_path):
    xp.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.Flatten(),
                          nn.Linear(8, 3))
    x = xp.random.randn(2, 1, 4, 4, dtype=xp.float32)
    model(x)
    path = tmp_path / "model.safetensors"
    xp.save(model.state_dict(), path)
    clone = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.Flatten(),
                          nn.Linear(8, 3))
    clone.load_state_dict(xp.load(path))
    model.eval()
    clone.eval()
    assert xp.all(model(x) == clone(x)).item()


def test_save_refuses_objects_it_cannot_describe(tmp_path):
    with pytest.raises(TypeError, match="Save module.state_dict"):
        xp.save(nn.Linear(1, 1), tmp_path / "m")
    with pytest.raises(TypeError, match="dict key"):
        xp.save({object(): 1}, tmp_path / "m")
    assert not os.listdir(tmp_path)


def test_save_is_atomic_and_leaves_no_temporary_files(tmp_path):
    path = tmp_path / "x.safetensors"
    xp.save({"v": xp.ones(2)}, path)
    with pytest.raises(TypeError):
        xp.save({"v": xp.zeros(2), "bad": object()}, path)
    assert os.listdir(tmp_path) == ["x.safetensors"]
    assert xp.load(path)["v"].tolist() == [1.0, 1.0]        # the old file is intact


def test_save_and_load_name_paths_that_are_not_files(tmp_path):
    with pytest.raises(TypeError, match=r"save\(f\): expected a path"):
        xp.save(xp.ones(1), 3)
    with pytest.raises(TypeError, match=r"load\(f\): expected a path"):
        xp.load(None)
    with pytest.raises(IsADirectoryError, match=r"save\(f\): .* is a directory"):
        xp.save(xp.ones(1), tmp_path)
    assert not os.listdir(tmp_path)                       # no temporary file left behind


def _header(path):
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    return json.loads(data[8:8 + n])


def test_file_is_safetensors(tmp_path):
    path = tmp_path / "st.safetensors"
    xp.save({"w": xp.asarray([[1.0, 2.0]], dtype=xp.float32)}, path)
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    assert (8 + n) % 8 == 0
    header = _header(path)
    (name,) = [k for k in header if k != "__metadata__"]
    assert header[name] == {"dtype": "F32", "shape": [1, 2], "data_offsets": [0, 8]}
    assert header["__metadata__"]["format"] == "gradarray"
    assert struct.unpack("<2f", data[8 + n:]) == (1.0, 2.0)


def test_load_reads_plain_safetensors_files(backend, tmp_path):
    header = {"b": {"dtype": "I64", "shape": [2], "data_offsets": [8, 24]},
              "a": {"dtype": "F64", "shape": [], "data_offsets": [0, 8]}}
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    body = struct.pack("<d", 2.5) + struct.pack("<2q", -1, 9)
    path = tmp_path / "plain.safetensors"
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + body)
    got = xp.load(path)
    assert list(got) == ["a", "b"]
    assert got["a"].item() == 2.5 and got["b"].tolist() == [-1, 9]


def test_load_names_truncated_and_foreign_files(tmp_path):
    path = tmp_path / "ok.safetensors"
    xp.save({"w": xp.ones((4, 4))}, path)
    data = path.read_bytes()
    cut = tmp_path / "cut"
    cut.write_bytes(data[:-5])
    with pytest.raises(SerializationError, match="truncated"):
        xp.load(cut)
    head_cut = tmp_path / "head"
    head_cut.write_bytes(data[:20])
    with pytest.raises(SerializationError, match="truncated"):
        xp.load(head_cut)
    foreign = tmp_path / "foreign.txt"
    foreign.write_text("this is not an array file at all")
    with pytest.raises(SerializationError, match="not a gradarray"):
        xp.load(foreign)
    tiny = tmp_path / "tiny"
    tiny.write_bytes(b"abc")
    with pytest.raises(SerializationError, match="too short"):
        xp.load(tiny)
    bad_json = tmp_path / "bad"
    bad_json.write_bytes(struct.pack("<Q", 4) + b"{{{{")
    with pytest.raises(SerializationError, match="not JSON"):
        xp.load(bad_json)


def test_load_never_runs_code_from_the_file(tmp_path):
    # a structure record naming anything but the known tags is rejected, not interpreted
    header = {"__metadata__": {"format": "gradarray", "version": "1",
                               "tree": json.dumps({"__reduce__": ["os.system", ["true"]]})}}
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    path = tmp_path / "evil"
    path.write_bytes(struct.pack("<Q", len(raw)) + raw)
    with pytest.raises(SerializationError, match="unknown entry"):
        xp.load(path)


def test_save_and_load_with_file_objects_and_device(backend, tmp_path):
    import io
    buf = io.BytesIO()
    xp.save([xp.arange(3)], buf)
    buf.seek(0)
    got = xp.load(buf, device=xp.device(None))
    assert got[0].tolist() == [0, 1, 2] and got[0].device == xp.device(None)
